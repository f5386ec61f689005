/** Whether the API is shutting down: readiness fails from the moment SIGTERM arrives. */
import { Injectable } from '@nestjs/common';

@Injectable()
export class ShutdownState {
  private since: number | undefined;

  /** True once {@link begin} was called. */
  get draining(): boolean {
    return this.since !== undefined;
  }

  /** Marks the start of the shutdown (idempotent). */
  begin(): void {
    this.since ??= Date.now();
  }
}
