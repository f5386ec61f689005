/**
 * Every message of the roster workflow, declared once; the workflow sets handlers for them and
 * the API sends them. Updates validate synchronously: a refused appointment never enters history.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AppointCommand, EndAppointmentCommand, RosterState } from './roster.types';

/** The workflow ID of the board's one roster (kept in the id table). */
export { rosterWorkflowId } from '../ids';

/** The whole roster: people, appointments past and present, every change. */
export const getRosterQuery = defineQuery<RosterState>('getRoster');

/** Appoints someone; returns the new roster. */
export const appointUpdate = defineUpdate<RosterState, [AppointCommand]>('appoint');

/** Ends an appointment; returns the new roster. */
export const endAppointmentUpdate = defineUpdate<RosterState, [EndAppointmentCommand]>('endAppointment');
