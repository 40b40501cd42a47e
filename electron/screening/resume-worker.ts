/**
 * The résumé parser's worker thread (bundled to out/station/resume-worker.mjs): PDF and Word
 * parsing runs here, under a memory limit and a time limit the host enforces, so a hostile
 * file can at worst end this thread, never the station. Posts one message and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import type { WorkerAnswer, WorkerJob } from './resume-protocol';

async function parse(job: WorkerJob): Promise<WorkerAnswer> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  if (job.format === 'pdf') {
    const { totalPages, text } = await extractText(new Uint8Array(bytes), { mergePages: false });
    return { ok: true, format: 'pdf', pages: totalPages, pageTexts: text };
  }
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return { ok: true, format: 'docx', pageTexts: [value] };
}

const job = workerData as WorkerJob;
parse(job).then(
  (answer) => parentPort?.postMessage(answer),
  // The parser's message may quote the file's content: only its kind goes back.
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      error: error instanceof Error ? error.name : 'Error',
    } satisfies WorkerAnswer),
);
