/**
 * Reads a résumé's text safely: the type is decided by content, the size is checked before
 * anything is parsed, and parsing runs in a worker thread with a memory limit and a time
 * limit, terminated when it runs over. Every failure comes back as a refusal that says why in
 * words staff can act on; nothing here throws for a bad file.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerJob } from './resume-protocol';
import {
  DAMAGED,
  MAX_RESUME_BYTES,
  sniffResume,
  tooLarge,
  type ResumeFormat,
} from './resume-sniff';

export type ResumeText =
  | { kind: 'text'; text: string; format: ResumeFormat; pages?: number }
  | { kind: 'refused'; reason: string };

export interface ExtractOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** The built worker; by default out/station/resume-worker.mjs under the working folder. */
  workerFile?: string;
  /** Old-generation heap of the worker: a bomb that lies about its sizes ends it, not us. */
  maxHeapMb?: number;
  /** Test hook: the worker started for this file. */
  onWorker?: (worker: Worker) => void;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_HEAP_MB = 256;
/**
 * Below a few megabytes V8 cannot even start the worker, and that failure ends the whole
 * process rather than the worker (a fatal "GC during deserialization", seen with 2 MB); 16 MB
 * was measured to end only the worker, with ERR_WORKER_OUT_OF_MEMORY.
 */
const MIN_HEAP_MB = 16;
/** Fewer letters than this per page on average: the pages are pictures, not text. */
const MIN_CHARS_PER_PAGE = 20;

export const NO_TEXT_LAYER =
  'This PDF has no text layer (a scan?); ask for a text PDF or a Word file.';
export const EMPTY_DOCUMENT = 'The résumé holds no text.';
export const TIMED_OUT = 'The résumé took too long to read and was given up on; try another copy.';
export const TOO_COMPLEX =
  'The résumé needs more memory to read than a résumé should; try another copy.';

export function defaultWorkerFile(): string {
  return path.resolve('out', 'station', 'resume-worker.mjs');
}

export async function extractResumeText(
  input: Buffer,
  opts: ExtractOptions = {},
): Promise<ResumeText> {
  const maxBytes = opts.maxBytes ?? MAX_RESUME_BYTES;
  if (input.length > maxBytes) return { kind: 'refused', reason: tooLarge(maxBytes) };
  const sniffed = sniffResume(input);
  if ('refused' in sniffed) return { kind: 'refused', reason: sniffed.refused };
  const answer = await runWorker(
    { format: sniffed.format, bytes: new Uint8Array(input) },
    opts.workerFile ?? defaultWorkerFile(),
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    Math.max(MIN_HEAP_MB, opts.maxHeapMb ?? DEFAULT_HEAP_MB),
    opts.onWorker,
  );
  if ('refused' in answer) return { kind: 'refused', reason: answer.refused };
  if (!answer.ok) return { kind: 'refused', reason: DAMAGED };
  return judgeText(answer);
}

/** The text of what the worker read, or why it is not a résumé's text. */
export function judgeText(answer: Extract<WorkerAnswer, { ok: true }>): ResumeText {
  const pages = answer.pageTexts.map((t) => t.replace(/[ \t]+/g, ' ').trim());
  const text = pages.join('\n\n').trim();
  const letters = text.replace(/\s/g, '').length;
  if (answer.format === 'pdf') {
    const pageCount = answer.pages ?? pages.length;
    // A scan has pages but (almost) no letters: said as such, not as an empty document.
    if (pageCount === 0) return { kind: 'refused', reason: EMPTY_DOCUMENT };
    if (letters < MIN_CHARS_PER_PAGE * pageCount) return { kind: 'refused', reason: NO_TEXT_LAYER };
    return { kind: 'text', text, format: 'pdf', pages: pageCount };
  }
  if (letters === 0) return { kind: 'refused', reason: EMPTY_DOCUMENT };
  return { kind: 'text', text, format: 'docx' };
}

type Outcome = WorkerAnswer | { refused: string };

function runWorker(
  job: WorkerJob,
  workerFile: string,
  timeoutMs: number,
  maxHeapMb: number,
  onWorker?: (worker: Worker) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    let worker: Worker;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A worker that answered or failed has nothing left to do; one that spins is stopped,
      // and the answer waits until it is, so no parse outlives its refusal.
      const stopped = worker ? worker.terminate().catch(() => undefined) : Promise.resolve();
      void stopped.then(() => resolve(outcome));
    };
    const timer = setTimeout(() => settle({ refused: TIMED_OUT }), timeoutMs);
    try {
      worker = new Worker(workerFile, {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 },
        stdout: true,
        stderr: true,
      });
    } catch {
      settle({ ok: false, error: 'WorkerStart' });
      return;
    }
    onWorker?.(worker);
    // pdf.js warns about fonts on stderr; the text of a warning may quote the file, so it is
    // read and dropped rather than logged.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (answer: WorkerAnswer) => settle(answer));
    worker.on('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { refused: TOO_COMPLEX }
          : { ok: false, error: error.name },
      ),
    );
    worker.on('exit', () => settle({ ok: false, error: 'WorkerExit' }));
  });
}
