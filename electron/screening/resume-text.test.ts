import type { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForTest } from '../core/test-bundle';
import { extractResumeText, NO_TEXT_LAYER, TIMED_OUT, TOO_COMPLEX } from './resume-text';
import { DAMAGED, NOT_A_RESUME, sniffResume, TOO_BIG_INFLATED, tooLarge } from './resume-sniff';
import { printedPdf, scannedPdf, withLyingSizes, wordFile, wordZipBomb } from './test-resume-files';

/** The real worker, bundled as the station's build bundles it, on real generated files. */
describe('extractResumeText', () => {
  let workerFile: string;
  let pdf: Buffer;
  beforeAll(async () => {
    workerFile = await bundleForTest('electron/screening/resume-worker.ts', 'resume-worker');
    pdf = await printedPdf([
      'Senior TypeScript engineer, Kubernetes and PostgreSQL.',
      'Led the Zanzibar migration at Fabrikam; mentor of six.',
    ]);
  }, 60_000);
  const extract = (input: Buffer, opts: { timeoutMs?: number; maxBytes?: number } = {}) =>
    extractResumeText(input, { workerFile, ...opts });

  it('reads the keywords of a PDF printed by Chromium, page by page', async () => {
    const result = await extract(pdf);
    expect(result).toMatchObject({ kind: 'text', format: 'pdf', pages: 2 });
    const text = result.kind === 'text' ? result.text : '';
    for (const word of ['TypeScript', 'Kubernetes', 'PostgreSQL', 'Zanzibar', 'Fabrikam']) {
      expect(text).toContain(word);
    }
  });

  it('reads a Word file assembled from its XML', async () => {
    const result = await extract(await wordFile(['Data engineer', 'Airflow, dbt and Snowflake']));
    expect(result).toMatchObject({ kind: 'text', format: 'docx' });
    expect(result.kind === 'text' && result.text).toContain('Airflow, dbt and Snowflake');
  });

  it('says a scanned PDF has no text layer rather than calling it empty', async () => {
    const scan = await scannedPdf('Senior engineer with Kubernetes');
    expect(await extract(scan)).toEqual({ kind: 'refused', reason: NO_TEXT_LAYER });
  }, 30_000);

  it('refuses a truncated PDF as damaged', async () => {
    const truncated = pdf.subarray(0, Math.floor(pdf.length / 3));
    expect(await extract(truncated)).toEqual({ kind: 'refused', reason: DAMAGED });
  });

  it('refuses a Word zip bomb on its declared sizes, before inflating it', async () => {
    const bomb = await wordZipBomb(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await extract(bomb)).toEqual({ kind: 'refused', reason: TOO_BIG_INFLATED });
  }, 30_000);

  it('refuses a zip bomb that lies about its sizes, inside the worker', async () => {
    const liar = withLyingSizes(await wordZipBomb(300), 1000);
    expect(sniffResume(liar)).toEqual({ format: 'docx' });
    expect(await extract(liar)).toEqual({ kind: 'refused', reason: DAMAGED });
  }, 30_000);

  it('ends only the worker when a file needs more memory than allowed', async () => {
    const long = await wordFile(
      Array.from({ length: 20_000 }, (_, i) => `Paragraph ${i} on ${(i * 7919) % 10007} things`),
    );
    expect(await extractResumeText(long, { workerFile, maxHeapMb: 16 })).toEqual({
      kind: 'refused',
      reason: TOO_COMPLEX,
    });
    // The same file with room to read it, in the same process: the station is still up.
    expect((await extract(long)).kind).toBe('text');
  }, 30_000);

  it('refuses a 200 MB file by its size, before any parsing', async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024);
    huge.write('%PDF-1.7\n');
    let workers = 0;
    const result = await extractResumeText(huge, { workerFile, onWorker: () => workers++ });
    expect(result).toEqual({ kind: 'refused', reason: tooLarge(10 * 1024 * 1024) });
    expect(workers).toBe(0);
  });

  it('refuses what is neither PDF nor Word, whatever it is called', async () => {
    expect(await extract(Buffer.from('Name: Jo\nSkills: Go'))).toEqual({
      kind: 'refused',
      reason: NOT_A_RESUME,
    });
  });

  it('gives up on a parse past its time limit, and the next file is read', async () => {
    const big = await printedPdf(Array.from({ length: 40 }, (_, i) => `Page ${i} Kubernetes`));
    let worker: Worker | undefined;
    const late = await extractResumeText(big, {
      workerFile,
      timeoutMs: 1,
      onWorker: (w) => (worker = w),
    });
    expect(late).toEqual({ kind: 'refused', reason: TIMED_OUT });
    // Terminated, not left running: an exited worker's thread id is -1.
    expect(worker?.threadId).toBe(-1);
    const again = await extract(pdf);
    expect(again.kind).toBe('text');
  }, 60_000);
});
