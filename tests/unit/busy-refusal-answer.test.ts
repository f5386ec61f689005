/**
 * A write Temporal still refuses as too busy after the client's retries is answered 503 with
 * Retry-After, so the caller knows to send it again; other service failures keep their answers.
 */
import type { ArgumentsHost } from '@nestjs/common';
import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import {
  BUSY_RETRY_AFTER_SECONDS,
  GlobalExceptionFilter,
} from '../../src/api/common/global-exception.filter';

/** What the filter writes on the response. */
function answer(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
    status: (code: number) => ((sent.status = code), res),
    type: () => res,
    json: (body: unknown) => void (sent.body = body),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new GlobalExceptionFilter().catch(exception, host);
  return sent;
}

/** The SDK's error for a refused call: a ServiceError caused by the gRPC status. */
function serviceError(code: grpcStatus, details: string, message = 'Workflow Update failed') {
  const cause = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });
  return new ServiceError(message, { cause });
}

beforeAll(() => {
  // The filter logs 5xx answers; not this test's business.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => jest.restoreAllMocks());

test('too busy after the retries: 503 with Retry-After, saying nothing was written', () => {
  const sent = answer(serviceError(grpcStatus.RESOURCE_EXHAUSTED, 'Too many outstanding requests'));
  expect(sent.status).toBe(503);
  expect(sent.headers['retry-after']).toBe(String(BUSY_RETRY_AFTER_SECONDS));
  expect(sent.body).toMatchObject({
    statusCode: 503,
    message: expect.stringMatching(/busy.*nothing was written/),
  });
});

test('an unreachable server stays a 503 without Retry-After; an unknown failure a 500', () => {
  const down = answer(
    serviceError(grpcStatus.UNAVAILABLE, 'connect ECONNREFUSED', '14 UNAVAILABLE: connect ECONNREFUSED'),
  );
  expect(down.status).toBe(503);
  expect(down.headers['retry-after']).toBeUndefined();
  const odd = answer(serviceError(grpcStatus.INTERNAL, 'something'));
  expect(odd.status).toBe(500);
  expect(odd.headers['retry-after']).toBeUndefined();
});
