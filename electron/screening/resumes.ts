/**
 * Résumés of candidates, uploaded by staff in parts (shared/resume-upload.ts) and kept as text
 * only: the parts of one upload are held in memory until the last arrives, then the whole file
 * is read by extractResumeText (a limited worker) and dropped. Sizes are checked on the first
 * part, so a 200 MB file is refused before its second part is sent. Nothing about the file's
 * content or name goes to the audit log, only its format, pages and length.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { candidates } from '../../db/schema';
import { resumes } from '../../db/screening-schema';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { auditChange, found, type StaffActor } from '../manage/context';
import {
  MAX_RESUME_BYTES,
  MAX_RESUME_FILE_NAME,
  type ResumeUploadAnswer,
} from '../../shared/resume-upload';
import { extractResumeText, type ExtractOptions } from './resume-text';
import { tooLarge } from './resume-sniff';

export interface ResumePart {
  candidateId: number;
  /** Chosen by the screen for one upload; parts of different uploads never mix. */
  uploadId: string;
  fileName: string;
  totalBytes: number;
  offset: number;
  data: Buffer;
}

export interface StoredResume {
  fileName: string;
  format: 'pdf' | 'docx';
  pages: number | null;
  byteSize: number;
  uploadedAt: number;
  characters: number;
  text: string;
}

interface Pending {
  candidateId: number;
  fileName: string;
  totalBytes: number;
  parts: Buffer[];
  received: number;
  touchedAt: number;
}

/** Uploads held at once: each may hold up to 10 MB of memory. */
const MAX_PENDING = 4;
/** An upload with no new part for this long is dropped (the screen closed mid-way). */
const PENDING_IDLE_MS = 120_000;

export const OUT_OF_ORDER = 'The upload was interrupted. Choose the file again.';
export const BUSY = 'Several résumés are being uploaded already. Try again in a minute.';

/** A file name fit for display: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, MAX_RESUME_FILE_NAME) || 'résumé';
}

export class ResumesService {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly extract: Omit<ExtractOptions, 'maxBytes'> = {},
  ) {}

  /** Takes one part; once the file is whole, reads it and keeps its text (or says why not). */
  async uploadPart(actor: StaffActor, part: ResumePart): Promise<ResumeUploadAnswer> {
    const now = this.clock.now();
    this.dropIdle(now);
    // Keyed by who uploads too, so nobody can add parts to another staff member's upload.
    const key = `${actor.actorId}:${part.uploadId}`;
    let upload = this.pending.get(key);
    if (!upload) {
      if (part.offset !== 0) return { kind: 'refused', reason: OUT_OF_ORDER };
      found(
        this.db
          .select({ id: candidates.id })
          .from(candidates)
          .where(eq(candidates.id, part.candidateId))
          .get(),
        'candidate',
      );
      if (part.totalBytes > MAX_RESUME_BYTES) {
        return { kind: 'refused', reason: tooLarge(MAX_RESUME_BYTES) };
      }
      if (this.pending.size >= MAX_PENDING) return { kind: 'refused', reason: BUSY };
      upload = {
        candidateId: part.candidateId,
        fileName: cleanFileName(part.fileName),
        totalBytes: part.totalBytes,
        parts: [],
        received: 0,
        touchedAt: now,
      };
      this.pending.set(key, upload);
    }
    if (
      upload.candidateId !== part.candidateId ||
      upload.totalBytes !== part.totalBytes ||
      part.offset !== upload.received ||
      upload.received + part.data.length > upload.totalBytes
    ) {
      this.pending.delete(key);
      return { kind: 'refused', reason: OUT_OF_ORDER };
    }
    upload.parts.push(part.data);
    upload.received += part.data.length;
    upload.touchedAt = now;
    if (upload.received < upload.totalBytes) return { kind: 'partial', received: upload.received };
    this.pending.delete(key);
    return this.read(actor, upload);
  }

  /** The candidate's résumé text, or null when none was uploaded. */
  view(candidateId: number): StoredResume | null {
    const row = this.db.select().from(resumes).where(eq(resumes.candidateId, candidateId)).get();
    if (!row) return null;
    return {
      fileName: row.fileName,
      format: row.format,
      pages: row.pages,
      byteSize: row.byteSize,
      uploadedAt: row.uploadedAt,
      characters: row.text.length,
      text: row.text,
    };
  }

  private async read(actor: StaffActor, upload: Pending): Promise<ResumeUploadAnswer> {
    const file = Buffer.concat(upload.parts);
    upload.parts = [];
    const result = await extractResumeText(file, { ...this.extract, maxBytes: MAX_RESUME_BYTES });
    if (result.kind === 'refused') return result;
    const now = this.clock.now();
    const row = {
      candidateId: upload.candidateId,
      fileName: upload.fileName,
      format: result.format,
      text: result.text,
      pages: result.pages ?? null,
      byteSize: file.length,
      uploadedAt: now,
      uploadedBy: actor.actorId,
    };
    this.db.transaction((tx) => {
      // The candidate may have been erased while the file was read.
      if (!tx.select().from(candidates).where(eq(candidates.id, upload.candidateId)).get()) {
        throw new StationError('NOT_FOUND', 'That candidate no longer exists. Refresh the list.');
      }
      tx.insert(resumes)
        .values(row)
        .onConflictDoUpdate({ target: resumes.candidateId, set: row })
        .run();
    });
    auditChange(
      { db: this.db, now, actor },
      'resume_uploaded',
      { type: 'candidate', id: upload.candidateId },
      { format: result.format, pages: row.pages, characters: result.text.length },
    );
    return {
      kind: 'text',
      format: result.format,
      pages: row.pages,
      characters: result.text.length,
    };
  }

  private dropIdle(now: number): void {
    for (const [key, upload] of this.pending) {
      if (now - upload.touchedAt > PENDING_IDLE_MS) this.pending.delete(key);
    }
  }
}

/** The résumé text kept for a candidate, for screening; null when none was uploaded. */
export function storedResumeText(db: Db, candidateId: number): string | null {
  return (
    db
      .select({ text: resumes.text })
      .from(resumes)
      .where(eq(resumes.candidateId, candidateId))
      .get()?.text ?? null
  );
}
