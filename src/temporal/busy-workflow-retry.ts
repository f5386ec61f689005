/**
 * How the API's Temporal client retries a call the server turned away for now: as the SDK does,
 * except when the workflow itself is busy. A workflow admits a limited number of Updates at once
 * (`history.maxInFlightUpdates`, 10 by default, and not settable on Temporal Cloud); past it the
 * server answers RESOURCE_EXHAUSTED with the cause CONCURRENT_LIMIT. The SDK backs off from every
 * RESOURCE_EXHAUSTED as from an overloaded server, 1.7 s before its first retry, which in a live
 * vote put ~2 s on the ballots over the limit. A slot frees as soon as one of the workflow's Updates
 * completes (tens of milliseconds), so for that cause, and for BUSY_WORKFLOW, the back-off starts
 * at 50 ms; rate limits and overload keep the SDK's.
 */
import { defaultGrpcRetryOptions, type GrpcRetryOptions } from '@temporalio/client';
import { google, temporal } from '@temporalio/proto';

/** The status the SDK's retry interceptor hands to its decider and delay function. */
type CallStatus = Parameters<GrpcRetryOptions['delayFunction']>[1];

const RESOURCE_EXHAUSTED = 8;
const DETAILS_HEADER = 'grpc-status-details-bin';
const {
  RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT: CONCURRENT_LIMIT,
  RESOURCE_EXHAUSTED_CAUSE_BUSY_WORKFLOW: BUSY_WORKFLOW,
} = temporal.api.enums.v1.ResourceExhaustedCause;
const RESOURCE_EXHAUSTED_FAILURE = 'temporal.api.errordetails.v1.ResourceExhaustedFailure';

/** First retry after about 85 ms (50 × 1.7), growing as the SDK's does, to the same 5 s cap. */
const BUSY_INITIAL_INTERVAL_MS = 50;

/** Whether `status` says one workflow is busy (too many Updates in flight), not that the server is. */
export function isWorkflowBusy(status: CallStatus): boolean {
  if (status.code !== RESOURCE_EXHAUSTED) return false;
  const raw = status.metadata?.get(DETAILS_HEADER)[0];
  if (!Buffer.isBuffer(raw)) return false;
  try {
    return google.rpc.Status.decode(raw).details.some((detail) => {
      if (!detail.type_url?.endsWith(RESOURCE_EXHAUSTED_FAILURE) || !detail.value) return false;
      const { cause } = temporal.api.errordetails.v1.ResourceExhaustedFailure.decode(detail.value);
      return cause === CONCURRENT_LIMIT || cause === BUSY_WORKFLOW;
    });
  } catch {
    return false; // details we cannot read: the SDK's back-off
  }
}

/** The SDK's retry options, with a short back-off when the workflow is busy ({@link isWorkflowBusy}). */
export function busyWorkflowRetryOptions(): GrpcRetryOptions {
  const sdk = defaultGrpcRetryOptions();
  const busy = defaultGrpcRetryOptions({ initialIntervalMs: () => BUSY_INITIAL_INTERVAL_MS });
  return {
    retryableDecider: sdk.retryableDecider,
    delayFunction: (attempt, status) => (isWorkflowBusy(status) ? busy : sdk).delayFunction(attempt, status),
  };
}
