/** Every workflow the worker registers. The worker bundles this file (workflowsPath). */
export { decisionWorkflow } from './decision/decision.workflow';
export { reportingObligationWorkflow } from './reporting/obligation.workflow';
export { reportingRoundWorkflow } from './reporting/reporting-round.workflow';
export { fundingRoundWorkflow } from './funding/funding-round.workflow';
export { fundingRequestWorkflow } from './funding/funding-request.workflow';
export { priorityCycleWorkflow } from './priorities/priority-cycle.workflow';
export { prioritySeriesWorkflow } from './priorities/priority-series.workflow';
export { rosterWorkflow } from './roster/roster.workflow';
export { meetingWorkflow } from './meetings/meeting.workflow';
