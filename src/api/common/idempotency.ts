/**
 * `Idempotency-Key` support (docs/api-conventions.md): the same key with the same body returns the first answer
 * and changes nothing. The key never leaves the API in clear: Temporal sees a hash of
 * (caller, route, key) as the Update ID or workflow ID, so the server's own deduplication
 * gives the first answer back, and the request hash lets a workflow refuse a reused key.
 */
import { BadRequestException } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** What a write carries when the caller sent a key. */
export interface IdempotencyToken {
  /** Hash of caller, route and key. */
  keyHash: string;
  /** Hash of the request body. */
  requestHash: string;
}

/** What a key may be: 1 to 255 visible ASCII characters (also declared in the OpenAPI document). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with sorted keys, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Checks the header and derives the hashes; undefined when no key was sent. */
export function idempotencyToken(
  key: string | undefined,
  sub: string,
  route: string,
  body: unknown,
): IdempotencyToken | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return {
    keyHash: sha256(`${sub}\n${route}\n${key}`).slice(0, 32),
    requestHash: sha256(canonical(body)).slice(0, 32),
  };
}

/** The Update ID for a write: the same key and body always give the same ID. */
export function updateIdFor(kind: string, token: IdempotencyToken | undefined): string | undefined {
  return token ? `${kind}-${token.keyHash}-${token.requestHash}` : undefined;
}
