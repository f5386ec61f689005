/** What a funding round tells its requests: each change goes to one request's workflow. */
import type { RequestChange } from './funding.types';

/** A change addressed to one request's workflow. */
export interface Dispatch {
  requestId: string;
  change: RequestChange;
}
