/**
 * What the station's command-line tools (npm run analyze, evaluate, screen) share: flags read
 * strictly and checked with zod, each mistake named by its flag and followed by the usage; and
 * JSON input files read and checked, each problem said in one line. The tools exit 2 on either.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';

/** A flag or input-file mistake: the message is for the person at the terminal. */
export class CliInputError extends Error {}

/**
 * The flags as `schema` reads them (every flag a string), or null after printing what is
 * wrong and the usage.
 */
export function readCliArgs<S extends z.ZodType>(
  schema: S,
  flags: readonly string[],
  usage: string,
  argv: string[] = process.argv.slice(2),
): z.infer<S> | null {
  let raw;
  try {
    raw = parseArgs({
      args: argv,
      options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])),
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // Name the flag, so "--landmark-every: Too big" says which number to fix.
    const problems = parsed.error.issues.map((i) =>
      i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message,
    );
    console.error(`${problems.join(' ')}\n${usage}`);
    return null;
  }
  return parsed.data;
}

/** Reads a JSON file and checks it with `schema`; throws a CliInputError saying what is wrong. */
export function readJsonInput<S extends z.ZodType>(
  file: string,
  schema: S,
  what: string,
): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliInputError(
      code === 'ENOENT' ? `${file} does not exist.` : `${file} could not be read (${code}).`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'file'}: ${i.message}`);
    throw new CliInputError(`${file} is not ${what} — ${problems.join('; ')}`);
  }
  return parsed.data;
}
