/**
 * The process's one logger (pino). `LOG_JSON=true` writes one JSON object per line, for log
 * collectors; otherwise the same records are printed as short human lines
 * (`12:00:00.000 INFO  api: listening ...`), the way `npm start` has always looked.
 */
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { LogLevelName } from '../config/env';

/** `LOG_LEVEL` (Nest's names) to pino's levels. */
const pinoLevels: Record<LogLevelName, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every record carries that the human line shows in its own place. */
const shown = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'context']);

/** Prints pino's JSON records as one readable line each; extra fields follow as JSON. */
function humanLines(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = new Date(record.time as number).toISOString().slice(11, 23);
      const level = (levelNames[record.level as number] ?? String(record.level)).padEnd(5);
      const context = record.context ? ` [${String(record.context)}]` : '';
      const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !shown.has(key)));
      const rest = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
      out.write(`${time} ${level} ${String(record.name)}:${context} ${String(record.msg ?? '')}${rest}\n`);
    },
  };
}

/** What {@link createLogger} needs from the configuration. */
export interface LoggerSettings {
  logLevel: LogLevelName;
  logJson: boolean;
}

/**
 * The root logger of a process named `name` (`api`, `worker`, `start`). Errors are serialized
 * with their stack; nothing here logs headers or bodies (see http-logging.ts).
 */
export function createLogger(
  name: string,
  settings: LoggerSettings,
  out: NodeJS.WritableStream = process.stdout,
): Logger {
  return pino(
    {
      name,
      level: pinoLevels[settings.logLevel],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.epochTime,
    },
    settings.logJson ? pino.destination({ dest: 1, sync: true }) : humanLines(out),
  );
}

/**
 * Logs a start-up or shutdown line at `info` even when `LOG_LEVEL` is `warn` or `error`: where a
 * process listens and when it stops are always worth one line (and scripts wait for them).
 */
export function announce(logger: Logger, message: string, fields: object = {}): void {
  logger.child({}, { level: 'info' }).info(fields, message);
}
