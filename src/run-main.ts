/**
 * Runs an entry point (the process lives on while it has work); an expected start-up error (bad configuration, missing binary) prints one
 * line and exits 1, anything else its stack.
 */
const expected = new Set([
  'ConfigError',
  'BoardConfigError',
  'TemporalBinaryError',
  'DevServerError',
  'StartupError',
]);

export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: Error) => {
    process.stderr.write(`${name}: ${expected.has(err?.name) ? err.message : (err?.stack ?? String(err))}\n`);
    process.exit(1);
  });
}
