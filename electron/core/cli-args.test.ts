import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CliInputError, readCliArgs, readJsonInput } from './cli-args';

const schema = z.object({
  out: z.string().min(1, 'Say where to write with --out FILE.'),
  fps: z.coerce.number().int().max(60).optional(),
});

describe('readCliArgs', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => errors.mockClear());
  const printed = () => errors.mock.calls.map((c) => String(c[0])).join('\n');

  it('reads the flags through the schema', () => {
    expect(
      readCliArgs(schema, ['out', 'fps'], 'USAGE', ['--out', 'a.json', '--fps', '15']),
    ).toEqual({
      out: 'a.json',
      fps: 15,
    });
  });

  it('names the flag that is wrong, then prints the usage', () => {
    expect(readCliArgs(schema, ['out', 'fps'], 'USAGE', ['--out', 'a', '--fps', '99'])).toBeNull();
    expect(printed()).toMatch(/^--fps: .*\nUSAGE$/);
  });

  it('refuses a flag it does not know, and a missing one with its own message', () => {
    expect(readCliArgs(schema, ['out'], 'USAGE', ['--out', 'a', '--force'])).toBeNull();
    expect(printed()).toMatch(/--force/);
    errors.mockClear();
    expect(readCliArgs(schema, ['out'], 'USAGE', [])).toBeNull();
    expect(printed()).toMatch(/^--out: /);
  });
});

describe('readJsonInput', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-args-'));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const job = z.object({ title: z.string() });

  it('says in one line what is wrong with the file', () => {
    expect(readJsonInput(file('ok.json', '{"title":"x"}'), job, 'a job file')).toEqual({
      title: 'x',
    });
    const missing = path.join(dir, 'nope.json');
    expect(() => readJsonInput(missing, job, 'a job file')).toThrow(`${missing} does not exist.`);
    expect(() => readJsonInput(file('bad.json', '{'), job, 'a job file')).toThrow(
      /bad\.json is not valid JSON/,
    );
    expect(() => readJsonInput(file('shape.json', '{"title":3}'), job, 'a job file')).toThrow(
      /shape\.json is not a job file — title: /,
    );
    expect(() => readJsonInput(dir, job, 'a job file')).toThrow(CliInputError);
  });
});
