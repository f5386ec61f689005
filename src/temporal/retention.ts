/**
 * How long Temporal keeps closed workflows, by where it runs: read by the configuration (its
 * default) and by the start-up check (its cap), so neither imports the other.
 *
 * Temporal Cloud keeps closed workflows at most 90 days; a self-hosted cluster as long as its
 * operator sets. On Cloud the board's record (the database, src/record) is what outlives them.
 */
export const TEMPORAL_CLOUD_MAX_RETENTION_DAYS = 90;
/** The record's ten years, the default wherever the server allows it. */
export const DEFAULT_RECORD_RETENTION_DAYS = 3650;

/** True for a Temporal Cloud endpoint (`<namespace>.<account>.tmprl.cloud:7233`). */
export function isTemporalCloud(address: string): boolean {
  return /\.tmprl\.cloud(:\d+)?$/i.test(address.trim());
}

/** The retention asked for when RECORD_RETENTION is unset: ten years, or Cloud's maximum there. */
export function defaultRetentionDays(address: string): number {
  return isTemporalCloud(address) ? TEMPORAL_CLOUD_MAX_RETENTION_DAYS : DEFAULT_RECORD_RETENTION_DAYS;
}
