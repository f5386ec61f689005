/**
 * What a workflow hands the record (src/record) whenever its state changes: shared by the
 * workflows, the projection activity and the API, so it lives here, below all three.
 */

/** The kinds of item the record keeps, one per workflow type that projects its state. */
export const recordKinds = [
  'decision',
  'funding-round',
  'funding-request',
  'priority-cycle',
  'reporting-obligation',
  'meeting',
] as const;
/** One of {@link recordKinds}. */
export type RecordKind = (typeof recordKinds)[number];

/** One state of one item. */
export interface RecordProjection {
  kind: RecordKind;
  /** Increases with every change of the item's state, across continue-as-new; orders late and retried writes. */
  version: number;
  /** The state exactly as the workflow's query returns it. */
  state: unknown;
}
