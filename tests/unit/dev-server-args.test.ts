/** The embedded server's command line: durable SQLite settings and the dynamic config, JSON-encoded. */
import { devServerArgs, type DevServerOptions } from '../../src/temporal/dev-server';

const options: DevServerOptions = {
  cliPath: '/bin/temporal',
  dataDir: '/data',
  port: 7233,
  uiPort: 8233,
  namespace: 'default',
};

/** The values given after each `flag`, in order. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
}

test('the SQLite file runs with a write-ahead log synced at every commit by default', () => {
  expect(valuesOf(devServerArgs(options), '--sqlite-pragma')).toEqual([
    'journal_mode=wal',
    'synchronous=full',
  ]);
});

test('other SQLite settings replace the defaults when given', () => {
  const args = devServerArgs({ ...options, sqlitePragmas: { journal_mode: 'delete' } });
  expect(valuesOf(args, '--sqlite-pragma')).toEqual(['journal_mode=delete']);
});

test('dynamic config values are JSON, and given ones are laid over the defaults', () => {
  const args = devServerArgs({
    ...options,
    dynamicConfig: { 'frontend.namespaceRPS.visibility': 5, 'some.flag': 'on' },
  });
  const values = valuesOf(args, '--dynamic-config-value');
  expect(values).toContain('frontend.namespaceRPS.visibility=5');
  expect(values).not.toContain('frontend.namespaceRPS.visibility=1000');
  expect(values).toContain('frontend.namespaceBurstRatio.visibility=2');
  expect(values).toContain('some.flag="on"');
});
