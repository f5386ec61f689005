/**
 * The least a NestJS front can do for a ballot: a Nest application with one controller that makes
 * the same Temporal Update and answers the state, as Nest serialises it. No guard, pipe,
 * interceptor, filter, middleware or logger of the API's. The ballots section measures it on
 * Express (the API's platform) and on Fastify beside the least HTTP front (./floor-server.ts): the
 * gap between them is what the framework, and the HTTP platform under it, alone cost here.
 */
import { Body, Controller, Headers, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { castBallotUpdate } from '../workflows/decision/decision.messages';
import type { FloorServer } from './floor-server';

const CLIENT = Symbol('temporal client');
const SEAT_OF = Symbol('seat of a token');

@Controller()
class BallotController {
  constructor(
    @Inject(CLIENT) private readonly client: Client,
    @Inject(SEAT_OF) private readonly seatOf: (token: string) => string,
  ) {}

  @Post('decisions/:id/ballots')
  @HttpCode(200)
  cast(@Param('id') id: string, @Body() body: { choice: 'yes' }, @Headers('authorization') auth = '') {
    const seat = this.seatOf(auth.replace(/^Bearer /, ''));
    return this.client.workflow
      .getHandle(id)
      .executeUpdate(castBallotUpdate, { args: [{ seat, choice: body.choice, by: `${seat}-m` }] });
  }
}

/**
 * `seatOf(token)`: the seat the bench gave a member's token (no signature is checked here).
 * `platform`: the HTTP platform under Nest.
 */
export async function startNestFloorServer(
  client: Client,
  seatOf: (token: string) => string,
  platform: 'express' | 'fastify' = 'express',
): Promise<FloorServer> {
  @Module({
    controllers: [BallotController],
    providers: [
      { provide: CLIENT, useValue: client },
      { provide: SEAT_OF, useValue: seatOf },
    ],
  })
  class BallotModule {}
  const app =
    platform === 'fastify'
      ? await NestFactory.create(BallotModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BallotModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => app.close() };
}
