/**
 * Where the Temporal CLI and the time-skipping test server come from: `scripts/temporal-binaries.js`
 * finds (and on request installs) them. The script stays plain JavaScript so that
 * `npm run temporal:install` works before anything is compiled; `scripts/temporal-binaries.d.ts`
 * types it, and the build copies it to `dist/scripts/` beside the compiled code that imports it.
 */
export {
  projectRoot,
  resolveTemporalCli,
  resolveTestServer,
  TemporalBinaryError,
  type ResolveBinaryOptions,
} from '../../scripts/temporal-binaries';
