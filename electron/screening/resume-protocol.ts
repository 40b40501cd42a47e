/** What the résumé worker is given and answers (resume-worker.ts, resume-text.ts). */
import type { ResumeFormat } from './resume-sniff';

export interface WorkerJob {
  format: ResumeFormat;
  bytes: Uint8Array;
}

export type WorkerAnswer =
  | { ok: true; format: ResumeFormat; pages?: number; pageTexts: string[] }
  | { ok: false; error: string };
