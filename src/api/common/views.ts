/**
 * What every view does to a workflow's record, and the views more than one domain shows. Swagger
 * names a schema by its class, so a concept has one class here rather than a copy per domain
 * (two classes of one name would silently become one schema).
 */
import { ApiProperty } from '@nestjs/swagger';

/** The record without its internal fields (the idempotency memory, counters), as the API shows it. */
export function publicView<S extends object, K extends keyof S>(state: S, ...internal: K[]): Omit<S, K> {
  const view = { ...state };
  for (const key of internal) delete view[key];
  return view;
}

/** A deadline moved later: from when to when, why, by whom and when. */
export class ExtensionView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}
