/**
 * Where the screening CLI gets a résumé's text: plain-text résumés are read here, PDF and Word
 * files by extractResumeText (electron/screening/resume-text.ts, in its time- and
 * memory-limited worker), which the CLI passes in `readResumeWith`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export type ResumeText =
  { kind: 'text'; text: string; pages?: number } | { kind: 'refused'; reason: string };
export type ResumeReader = (file: string) => Promise<ResumeText>;

const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** A .txt résumé as UTF-8; anything not decodable as text is refused, not guessed at. */
export async function readPlainResume(file: string): Promise<ResumeText> {
  const bytes = await readFile(file);
  if (bytes.length > MAX_TEXT_BYTES) return { kind: 'refused', reason: 'The file is over 2 MB.' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', reason: 'The file is not UTF-8 text.' };
  }
  if (text.includes('\u0000')) return { kind: 'refused', reason: 'The file is not text.' };
  return { kind: 'text', text };
}

/** Picks the reader for a file by its extension. */
export function readResumeWith(documents?: ResumeReader): ResumeReader {
  return async (file) => {
    const ext = path.extname(file).toLowerCase();
    if (ext === '.txt') return readPlainResume(file);
    if (ext === '.pdf' || ext === '.docx') {
      if (documents) return documents(file);
      return { kind: 'refused', reason: `${ext} résumés are not readable by this build yet.` };
    }
    return { kind: 'refused', reason: 'Give a .pdf, .docx or .txt résumé.' };
  };
}
