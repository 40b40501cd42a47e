import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForTest } from '../../core/test-bundle';
import { startFakeGemini } from '../test-fake-gemini';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../test-rubrics';

const dir = mkdtempSync(path.join(os.tmpdir(), 'evaluate-'));
// A bank of its own: the fixture question with its rubric, and a multiple-choice one.
const bank = path.join(dir, 'bank.json');
writeFileSync(
  bank,
  JSON.stringify({
    version: 1,
    questions: [
      { ...cachingQuestion, domain: 'fullstack', readingSeconds: 20, answerSeconds: 120 },
      {
        key: 'fixture-mcq-1',
        type: 'mcq',
        domain: 'fullstack',
        prompt: 'Pick one.',
        options: ['a', 'b', 'c', 'd'],
        correctOption: 0,
      },
    ],
  }),
);

describe('npm run evaluate', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await bundleForTest('electron/evaluation/cli/evaluate-cli.ts', 'evaluate-cli');
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, '--bank', bank, ...args], { encoding: 'utf8' });
  const answers = (value: unknown) => {
    const file = path.join(dir, `answers-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('writes a score, criteria with evidence, a rationale and the provider for each answer', () => {
    const out = path.join(dir, 'scores.json');
    const done = run(
      '--in',
      answers({
        answers: [
          { id: 'strong', questionKey: 'fixture-caching', text: STRONG_CACHING_ANSWER },
          { id: 'list', questionKey: 'fixture-caching', text: 'Redis, TTL, cache-aside, keys' },
        ],
      }),
      '--out',
      out,
    );
    expect(done.stderr).toContain('Scored 2 of 2 answers with the offline scorer');
    expect(done.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.scores.map((s: { id: string }) => s.id)).toEqual(['strong', 'list']);
    const [strong, list] = result.scores;
    expect(Object.keys(strong).sort()).toEqual([
      'criteria',
      'id',
      'provider',
      'rationale',
      'score',
    ]);
    expect(strong.provider).toBe('offline');
    expect(strong.score).toBeGreaterThanOrEqual(80);
    expect(strong.criteria[0]).toEqual({
      name: 'Cache design',
      score: expect.any(Number),
      evidence: expect.arrayContaining(['I would use the cache-aside pattern']),
    });
    expect(list.score).toBe(0);
    // The answers' text never reaches the console.
    expect(done.stderr).not.toContain('cache-aside');
  });

  it('names answers it cannot score by id, scores the others, and exits 1', () => {
    const out = path.join(dir, 'partial.json');
    const done = run(
      '--in',
      answers({
        answers: [
          { id: 'a', questionKey: 'no-such-question', text: 'x' },
          { id: 'b', questionKey: 'fixture-mcq-1', text: 'x' },
          { id: 'c', questionKey: 'fixture-caching', text: STRONG_CACHING_ANSWER },
        ],
      }),
      '--out',
      out,
    );
    expect(done.status).toBe(1);
    expect(done.stderr).toContain('Answer a: Unknown question key "no-such-question"');
    expect(done.stderr).toContain('Answer b: Question "fixture-mcq-1" has no rubric');
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.scores.map((s: { id: string }) => s.id)).toEqual(['c']);
    expect(result.errors.map((e: { id: string }) => e.id)).toEqual(['a', 'b']);
  });

  it('refuses a missing file, bad JSON, a wrong shape and duplicate ids, writing nothing', () => {
    const out = path.join(dir, 'never.json');
    const cases: [string, string][] = [
      [path.join(dir, 'missing.json'), 'does not exist'],
      [answers('{"answers": ['), 'is not valid JSON'],
      [answers({ answers: [{ id: 'a', text: 'x' }] }), 'answers.0.questionKey'],
      [answers({ items: [] }), 'is not an answers file'],
      [
        answers({
          answers: [
            { id: 'a', questionKey: 'fixture-caching', text: 'x' },
            { id: 'a', questionKey: 'fixture-caching', text: 'y' },
          ],
        }),
        'Duplicate id "a"',
      ],
    ];
    for (const [file, message] of cases) {
      const done = run('--in', file, '--out', out);
      expect(done.stderr, file).toContain(message);
      expect(done.status, file).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('explains usage mistakes and that Gemini is not in this build', () => {
    const file = answers({ answers: [] });
    const out = path.join(dir, 'none.json');
    const noOut = run('--in', file);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('--out');
    const unknown = run('--in', file, '--out', out, '--provider', 'magic');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--provider');
    const gemini = run('--in', file, '--out', out, '--provider', 'gemini');
    expect(gemini.status).toBe(2);
    expect(gemini.stderr).toContain('GEMINI_API_KEY');
    expect(existsSync(out)).toBe(false);
  });

  it('scores through Gemini with the real SDK against a given base URL, offline when it fails', async () => {
    const fake = await startFakeGemini({ kind: 'status', status: 503 });
    try {
      const out = path.join(dir, 'gemini-scores.json');
      const file = answers({
        answers: [{ id: 'a1', questionKey: 'fixture-caching', text: STRONG_CACHING_ANSWER }],
      });
      const args = [cli, '--bank', bank, '--in', file, '--out', out, '--provider', 'gemini'];
      const done = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...args, '--gemini-base-url', fake.baseUrl], {
          env: { ...process.env, GEMINI_API_KEY: 'test-key-not-real' },
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(done.status).toBe(0);
      // The SDK reached the fake server with a well-formed request, and never the key in logs.
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.flatMap((r) => r.problems)).toEqual([]);
      expect(done.stderr).not.toContain('test-key-not-real');
      const [score] = JSON.parse(readFileSync(out, 'utf8')).scores;
      expect(score.provider).toBe('offline');
      expect(score.fallbackReason).toMatch(/scored offline/i);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
