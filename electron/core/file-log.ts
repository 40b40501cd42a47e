/**
 * Structured station logs: JSON lines (pino) into the data folder's logs/ directory, rolled by
 * size (station.log → station.1.log … station.<keep>.log) so a fleet machine never fills its
 * disk with logs. Written synchronously by us: pino transports run in worker threads, which the
 * bundled app cannot load.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { redactAccessCodes } from './secrets';

export const LOG_DIR = 'logs';
export const LOG_FILE = 'station.log';

/** Keys whose values may hold personal data or secrets; pino replaces them up to two levels deep. */
export const REDACTED_KEYS = [
  'name',
  'email',
  'code',
  'accessCode',
  'answer',
  'text',
  'transcript',
  'pin',
  'key',
  'token',
  'password',
];

export interface RotatingFileOptions {
  dir: string;
  /** Bytes one file may reach before it rolls. */
  maxBytes?: number;
  /** Rolled files kept besides the current one. */
  keep?: number;
}

/** A pino destination writing to dir/station.log and rolling it by size. */
export function rotatingFile(opts: RotatingFileOptions): {
  write(line: string): void;
  close(): void;
} {
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 5;
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const current = path.join(opts.dir, LOG_FILE);
  const rolled = (n: number) => path.join(opts.dir, `station.${n}.log`);
  let fd = openSync(current, 'a', 0o600);
  let size = statSync(current).size;
  const roll = () => {
    closeSync(fd);
    if (existsSync(rolled(keep))) rmSync(rolled(keep));
    for (let n = keep - 1; n >= 1; n--)
      if (existsSync(rolled(n))) renameSync(rolled(n), rolled(n + 1));
    renameSync(current, rolled(1));
    fd = openSync(current, 'a', 0o600);
    size = 0;
  };
  return {
    write(line: string) {
      // A full disk must not stop the station over a log line (see full-disk-net.ts).
      try {
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) roll();
        writeSync(fd, line);
        size += bytes;
      } catch {
        // The line still reached standard output.
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

/** The station's logger on a rotating file; redaction by key covers objects logged with a line. */
export function fileLogger(opts: RotatingFileOptions): { logger: Logger; close(): void } {
  const file = rotatingFile(opts);
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  const logger = pino({ base: null, redact: { paths, censor: '[redacted]' } }, file);
  return { logger, close: () => file.close() };
}

/**
 * The station's log function: each line to standard output as today and into the file log.
 * An error goes in by kind and code only: its message may quote what a user typed. A data
 * folder whose logs/ cannot be written (read-only, or a file in the way) must not stop the
 * station: it logs to standard output only, and says so once.
 */
/**
 * A line as the file keeps it: the one-time entry address without its ticket, and interview
 * codes (the demo code in the start banner, or one a line quotes) as [code]: a code checks a
 * candidate in, and a log file travels to support.
 */
export function forFile(line: string): string {
  return redactAccessCodes(line.replace(/([?&]t=)[^&\s]+/g, '$1[redacted]'));
}

export function stationLog(
  dataDir: string,
  out: (line: string) => void = (line) => console.log(line),
): {
  log: (line: string) => void;
  logError: (error: unknown, where: string) => void;
  close(): void;
} {
  const dir = path.join(dataDir, LOG_DIR);
  let file: ReturnType<typeof fileLogger>;
  try {
    file = fileLogger({ dir });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    out(
      `Logs: ${dir} cannot be written${typeof code === 'string' ? ` (${code})` : ''}; ` +
        'logging to standard output only.',
    );
    return {
      log: out,
      logError: (e, where) => out(`Error in ${where}: ${errorFields(e).kind}.`),
      close: () => {},
    };
  }
  const { logger, close } = file;
  return {
    log: (line) => {
      out(line);
      logger.info(forFile(line));
    },
    logError: (error, where) => logger.error({ where, ...errorFields(error) }, 'error'),
    close,
  };
}

/** An error's kind and code: never its message, which may quote what a user typed. */
function errorFields(error: unknown): { kind: string; errorCode: string | undefined } {
  const e = error as { name?: unknown; code?: unknown };
  return {
    kind: typeof e?.name === 'string' ? e.name : typeof error,
    errorCode: typeof e?.code === 'string' ? e.code : undefined,
  };
}
