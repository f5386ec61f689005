/**
 * The web pages' share of the Nest app: the front door. The pages themselves are static files
 * (see {@link servePages}); they read and write through the JSON API like any client, so the API
 * stays the one source of truth. They sign in through the API's session routes (src/auth/session.controller.ts).
 */
import { Module } from '@nestjs/common';
import { WebController } from './web.controller';

@Module({ controllers: [WebController] })
export class WebModule {}
