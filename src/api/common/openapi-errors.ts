/**
 * The error answers every route can give, added to the generated OpenAPI document, so that clients
 * (and the API fuzzer, tests/fuzz) know their shape: `{ statusCode, error, message }` for 400
 * (invalid input), 401 and 403 (who is calling), 404 (unknown id), 409 (not in this state), 413
 * (body too large), 422 (a rule refuses it), 429 (too many writes) and 503 (Temporal unreachable).
 * Which of them a route declares follows from its shape: a write can be refused by validation, the
 * state or a rule; an id in the path can be unknown; a secured route can refuse its caller.
 */
import type { OpenAPIObject } from '@nestjs/swagger';

/** The schema name of the error body in `components.schemas`. */
export const ERROR_BODY_SCHEMA = 'ErrorBody';

const errorBody = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      example: 'title must be a string',
    },
  },
};

const descriptions: Record<number, string> = {
  400: 'Invalid input; the message names the field',
  401: 'No token, or an expired or invalid one',
  403: 'The role or seat may not do this',
  404: 'Unknown id',
  409: 'Not possible in the current state',
  413: 'The body is over the size limit',
  422: 'A governance rule refuses it',
  429: 'Too many writes; see Retry-After',
  503: 'The workflow service is unavailable; try again',
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

const errorContent = () => ({
  'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` } },
});

/** Adds the error responses each operation can give, without replacing any it declares itself. */
export function documentErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_BODY_SCHEMA] = errorBody;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const op = operation as {
        responses: Record<string, unknown>;
        security?: unknown[];
        parameters?: { in?: string }[];
      };
      const statuses = new Set<number>([503]);
      const secured = (op.security ?? []).length > 0;
      if (secured) [401, 403].forEach((s) => statuses.add(s));
      if (path.includes('{')) statuses.add(404);
      if ((op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'header')) statuses.add(400);
      if (WRITES.has(method)) [400, 409, 413, 422, 429].forEach((s) => statuses.add(s));
      // An error answer the route declares itself (e.g. a 404 without an id in the path) gets
      // the error body's schema too.
      for (const [code, response] of Object.entries(op.responses)) {
        const declared = response as { content?: unknown };
        if (Number(code) >= 400 && !declared.content) declared.content = errorContent();
      }
      for (const status of [...statuses].sort()) {
        op.responses[String(status)] ??= { description: descriptions[status], content: errorContent() };
      }
    }
  }
  return document;
}
