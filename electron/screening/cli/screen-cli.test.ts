import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForTest } from '../../core/test-bundle';
import { printedPdf, scannedPdf, wordFile } from '../test-resume-files';
import { BULLET_RESUME } from '../test-resumes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'screen-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const jobFile = write(
  'job.json',
  JSON.stringify({
    title: 'Backend engineer',
    description: 'Billing services',
    requirements: [
      { skill: 'TypeScript', synonyms: [], mustHave: true },
      { skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: true },
      { skill: 'Go', synonyms: ['Golang'], mustHave: false },
    ],
    minYears: 3,
  }),
);
const resumeFile = write('resume.txt', BULLET_RESUME);

describe('npm run screen', () => {
  let cli = '';
  let worker = '';
  beforeAll(async () => {
    [cli, worker] = await Promise.all([
      bundleForTest('electron/screening/cli/screen-cli.ts', 'screen-cli'),
      bundleForTest('electron/screening/resume-worker.ts', 'resume-worker'),
    ]);
  }, 60_000);
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, RESUME_WORKER_FILE: worker },
    });

  it('reads a PDF printed by Chromium and a Word file through the extraction worker', async () => {
    const lines = BULLET_RESUME.split('\n');
    const pdf = write('resume.pdf', await printedPdf([lines.join('<br>')]));
    const docx = write('resume.docx', await wordFile(lines));
    for (const file of [pdf, docx]) {
      const out = path.join(dir, `${path.basename(file)}.json`);
      const done = run('--resume', file, '--job', jobFile, '--out', out);
      expect(done.status).toBe(0);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      expect(result.keywordsFound.map((k: { skill: string }) => k.skill)).toEqual([
        'TypeScript',
        'PostgreSQL',
      ]);
      expect(result.keywordsMissing).toEqual(['Go']);
    }
    const scan = write('scan.pdf', await scannedPdf('TypeScript and Postgres for years'));
    const refused = run('--resume', scan, '--job', jobFile, '--out', path.join(dir, 'scan.json'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('no text layer');
  }, 60_000);

  it('writes the score, keywords with evidence, missing ones, years and a suggested status', () => {
    const out = path.join(dir, 'result.json');
    const done = run('--resume', resumeFile, '--job', jobFile, '--out', out);
    expect(done.stderr).toContain('Screened for "Backend engineer": score 86');
    expect(done.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result).toMatchObject({
      score: 86,
      keywordsMissing: ['Go'],
      suggestedStatus: 'Interview Required',
      textLength: BULLET_RESUME.length,
    });
    expect(result.keywordsFound.map((k: { skill: string; evidence: string }) => k)).toEqual([
      expect.objectContaining({ skill: 'TypeScript', evidence: '• TypeScript, Node.js, Postgres' }),
      expect.objectContaining({ skill: 'PostgreSQL', term: 'Postgres' }),
    ]);
    expect(result.years).toBeGreaterThan(8);
    // The résumé is personal data: only the result file quotes it, never the terminal.
    expect(done.stderr).not.toContain('Acme');
    expect(done.stdout).toBe('');
  });

  it('exits 2 with a clear message, writing nothing, for an unreadable résumé', () => {
    const out = path.join(dir, 'never.json');
    const cases: [string, string][] = [
      [path.join(dir, 'missing.txt'), 'does not exist'],
      [write('binary.txt', Buffer.from([0xff, 0xfe, 0x00, 0x81])), 'not UTF-8 text'],
      [write('empty.txt', '  \n'), 'has no text to screen'],
      [write('resume.rtf', 'text'), 'Give a .pdf, .docx or .txt résumé'],
    ];
    for (const [file, message] of cases) {
      const done = run('--resume', file, '--job', jobFile, '--out', out);
      expect(done.stderr).toContain(message);
      expect(done.status).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 naming what is wrong with the job file or the arguments', () => {
    const out = path.join(dir, 'never.json');
    const bad = write(
      'bad-job.json',
      JSON.stringify({ title: 'x', requirements: [{ skill: '' }], minYears: 80 }),
    );
    const badJob = run('--resume', resumeFile, '--job', bad, '--out', out);
    expect(badJob.stderr).toContain('is not a job file — requirements.0.skill: Name the skill.');
    expect(badJob.stderr).toContain('minYears');
    expect(badJob.status).toBe(2);
    const notJson = run('--resume', resumeFile, '--job', write('j.json', '{'), '--out', out);
    expect(notJson.stderr).toContain('is not valid JSON');
    expect(notJson.status).toBe(2);
    const noOut = run('--resume', resumeFile, '--job', jobFile);
    expect(noOut.stderr).toContain('Say where to write the result with --out RESULT.json.');
    expect(noOut.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
