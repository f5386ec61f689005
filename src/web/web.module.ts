/**
 * The web pages' share of the Nest app: the front door and, in the embedded default only, the
 * development sign-in. The pages themselves are static files (see {@link servePages}); they read
 * and write through the JSON API like any client, so the API stays the one source of truth.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DEV_SIGNING_SECRET, DevSignInController } from './dev-sign-in';
import { WebController } from './web.controller';

/** What the web module needs from start-up. */
export interface WebModuleOptions {
  /** Register the development sign-in (see {@link devSignInAvailable}). */
  devSignIn: boolean;
  signingSecret: string;
}

@Module({})
export class WebModule {
  static forRoot(opts: WebModuleOptions): DynamicModule {
    return {
      module: WebModule,
      controllers: [WebController, ...(opts.devSignIn ? [DevSignInController] : [])],
      providers: opts.devSignIn ? [{ provide: DEV_SIGNING_SECRET, useValue: opts.signingSecret }] : [],
    };
  }
}
