/**
 * The API client's retry back-off: short when one workflow has too many Updates in flight, the
 * SDK's own for everything else (rate limits, an overloaded server, an unreachable one).
 */
import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { google, temporal } from '@temporalio/proto';
import { busyWorkflowRetryOptions, isWorkflowBusy } from '../../src/temporal/busy-workflow-retry';

const { ResourceExhaustedCause } = temporal.api.enums.v1;

/** A RESOURCE_EXHAUSTED status carrying Temporal's failure detail with `cause`, as the server sends it. */
function exhausted(cause?: temporal.api.enums.v1.ResourceExhaustedCause) {
  const metadata = new Metadata();
  if (cause !== undefined) {
    const detail = temporal.api.errordetails.v1.ResourceExhaustedFailure.encode({ cause }).finish();
    const details = google.rpc.Status.encode({
      code: grpcStatus.RESOURCE_EXHAUSTED,
      details: [
        {
          type_url: 'type.googleapis.com/temporal.api.errordetails.v1.ResourceExhaustedFailure',
          value: detail,
        },
      ],
    }).finish();
    metadata.set('grpc-status-details-bin', Buffer.from(details));
  }
  return { code: grpcStatus.RESOURCE_EXHAUSTED, details: 'limit reached', metadata };
}

const unavailable = { code: grpcStatus.UNAVAILABLE, details: 'no connection', metadata: new Metadata() };

/** The delay before the first retry, with the ±20% jitter taken out as bounds. */
function firstDelayWithin(status: ReturnType<typeof exhausted>, nominalMs: number) {
  const delays = Array.from({ length: 50 }, () => busyWorkflowRetryOptions().delayFunction(1, status));
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(nominalMs * 0.8 - 1e-9);
  expect(Math.max(...delays)).toBeLessThanOrEqual(nominalMs * 1.2 + 1e-9);
}

test('too many Updates in flight on one workflow is a busy workflow, retried after ~85 ms', () => {
  const busy = exhausted(ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT);
  expect(isWorkflowBusy(busy)).toBe(true);
  expect(isWorkflowBusy(exhausted(ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_BUSY_WORKFLOW))).toBe(true);
  firstDelayWithin(busy, 85);
  expect(busyWorkflowRetryOptions().retryableDecider(1, busy)).toBe(true);
});

test('a rate limit, or a refusal without readable details, keeps the SDK back-off of 1.7 s', () => {
  const limited = exhausted(ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_RPS_LIMIT);
  expect(isWorkflowBusy(limited)).toBe(false);
  firstDelayWithin(limited, 1700);
  expect(isWorkflowBusy(exhausted())).toBe(false);
  firstDelayWithin(exhausted(), 1700);
  const garbled = exhausted();
  garbled.metadata.set('grpc-status-details-bin', Buffer.from([0xff, 0xff, 0xff]));
  expect(isWorkflowBusy(garbled)).toBe(false);
});

test('other failures keep the SDK back-off and its retry rules', () => {
  expect(isWorkflowBusy(unavailable)).toBe(false);
  firstDelayWithin(unavailable, 170);
  const invalid = { code: grpcStatus.INVALID_ARGUMENT, details: 'bad', metadata: new Metadata() };
  expect(busyWorkflowRetryOptions().retryableDecider(1, invalid)).toBe(false);
});
