/**
 * 405 with Allow for a documented path asked with a method it does not have, found among the
 * routes of the path's first segment (and those that open with a parameter), as Express matches:
 * any case, an optional final slash; anything undocumented passes on.
 */
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import express from 'express';
import request from 'supertest';
import { answerUndeclaredMethods } from '../../src/api/common/method-not-allowed';

const op = { responses: {} };
const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/decisions': { get: op, post: op },
    '/decisions/{id}': { get: op },
    '/decisions/{id}/ballots': { post: op },
    '/pending': { get: op },
    '/pending.csv': { get: op },
    '/{board}/summary': { get: op },
  },
} as unknown as OpenAPIObject;

function app() {
  const server = express();
  answerUndeclaredMethods(
    { use: (fn: express.RequestHandler) => server.use(fn) } as unknown as INestApplication,
    document,
  );
  server.use((_req, res) => void res.status(299).end());
  return server;
}

test.each([
  ['PUT', '/decisions', 'GET, POST, HEAD'],
  ['PUT', '/Decisions/', 'GET, POST, HEAD'],
  ['DELETE', '/decisions/dec-1', 'GET, HEAD'],
  ['GET', '/decisions/dec-1/ballots', 'POST'],
  ['POST', '/pending.csv', 'GET, HEAD'],
  ['POST', '/ilo/summary', 'GET, HEAD'],
])('%s %s: 405, Allow %s', async (method, path, allow) => {
  const res = await request(app())[method.toLowerCase() as 'put'](path);
  expect({ status: res.status, allow: res.headers.allow }).toEqual({ status: 405, allow });
});

test('a declared method, OPTIONS, and an undocumented path', async () => {
  expect((await request(app()).post('/decisions/dec-1/ballots')).status).toBe(299);
  expect((await request(app()).get('/ilo/summary')).status).toBe(299);
  const options = await request(app()).options('/decisions');
  expect({ status: options.status, allow: options.headers.allow }).toEqual({
    status: 204,
    allow: 'GET, POST, HEAD',
  });
  expect((await request(app()).put('/nowhere')).status).toBe(299);
  expect((await request(app()).put('/decisions/dec-1/ballots/extra')).status).toBe(299);
});
