/**
 * The résumé upload's limits, shared by the staff screen (which sends the file in parts) and
 * the station (which refuses anything past them). A file travels as base64 parts over the
 * app's tRPC socket, whose messages are capped at 1 MiB, so one upload works the same in the
 * browser station and in Electron, and no route or path on disk is involved.
 */
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;
/** Bytes per part: 512 KiB is 699,052 base64 characters, well under the socket's limit. */
export const RESUME_PART_BYTES = 512 * 1024;
export const MAX_RESUME_PART_CHARS = Math.ceil(RESUME_PART_BYTES / 3) * 4;
export const MAX_RESUME_FILE_NAME = 200;

export type ResumeFormat = 'pdf' | 'docx';

/** What one part's upload answers: more to send, or what the whole file turned out to be. */
export type ResumeUploadAnswer =
  | { kind: 'partial'; received: number }
  | { kind: 'text'; format: ResumeFormat; pages: number | null; characters: number }
  | { kind: 'refused'; reason: string };

/** The line staff see once a résumé was read: "Résumé read: 2 pages, 3,120 characters". */
export function resumeReadLine(answer: { pages: number | null; characters: number }): string {
  const chars = `${answer.characters.toLocaleString('en-US')} characters`;
  if (answer.pages === null) return `Résumé read: ${chars}`;
  return `Résumé read: ${answer.pages} page${answer.pages === 1 ? '' : 's'}, ${chars}`;
}
