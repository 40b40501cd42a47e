import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, candidates } from '../../db/schema';
import { resumes } from '../../db/screening-schema';
import { createTestDb } from '../../db/test-db';
import { RESUME_PART_BYTES } from '../../shared/resume-upload';
import { bundleForTest } from '../core/test-bundle';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from '../api/services';
import { codeOf, createTestServices, signInStaff, stationCaller } from '../api/test-router';
import { OUT_OF_ORDER, cleanFileName } from './resumes';
import { DAMAGED } from './resume-sniff';
import { printedPdf } from './test-resume-files';

/** Staff upload a résumé in parts through the router; the text is kept, the file is not. */
describe('manage.uploadResumePart', () => {
  let workerFile: string;
  let pdf: Buffer;
  let db: Db;
  let services: Services;
  let token: string;
  let candidateId: number;

  beforeAll(async () => {
    workerFile = await bundleForTest('electron/screening/resume-worker.ts', 'resume-worker');
    // Large enough to need several parts: a photo, then pages of text.
    const filler = Array.from({ length: 30 }, (_, i) => `Project ${i}: ${'x'.repeat(3000)}`);
    pdf = await printedPdf(['Rust, Terraform and Elixir at Contoso.', ...filler], { photo: true });
  }, 60_000);
  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, { resumeWorkerFile: workerFile });
    await createTestStaff(db, { username: 'rita' });
    token = await signInStaff(services, 'rita');
    candidateId = db
      .insert(candidates)
      .values({ fullName: 'Ada Lovelace' })
      .returning({ id: candidates.id })
      .get().id;
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const send = (file: Buffer, uploadId: string, fileName = '../../etc/Ada CV.pdf') => {
    const part = (offset: number) =>
      stationCaller(services).manage.uploadResumePart({
        token,
        candidateId,
        uploadId,
        fileName,
        totalBytes: file.length,
        offset,
        data: file.subarray(offset, offset + RESUME_PART_BYTES).toString('base64'),
      });
    return { part };
  };
  async function upload(file: Buffer, uploadId: string) {
    const { part } = send(file, uploadId);
    const answers = [];
    for (let offset = 0; offset < file.length; offset += RESUME_PART_BYTES) {
      answers.push(await part(offset));
    }
    return answers;
  }

  it('reads a multi-part PDF, keeps its text with the candidate and audits no content', async () => {
    expect(pdf.length).toBeGreaterThan(RESUME_PART_BYTES);
    const answers = await upload(pdf, 'upload-aaaaaaaaaaaa');
    expect(answers.slice(0, -1).every((a) => a.kind === 'partial')).toBe(true);
    expect(answers.at(-1)).toMatchObject({ kind: 'text', format: 'pdf', pages: 31 });

    const kept = await stationCaller(services).manage.candidateResume({ token, candidateId });
    expect(kept?.text).toContain('Rust, Terraform and Elixir at Contoso.');
    expect(kept).toMatchObject({ fileName: 'Ada CV.pdf', format: 'pdf', byteSize: pdf.length });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'resume_uploaded')).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Ada|Contoso/);
  }, 30_000);

  it('refuses a 200 MB file on its first part, and parts out of order', async () => {
    const first = await stationCaller(services).manage.uploadResumePart({
      token,
      candidateId,
      uploadId: 'upload-bbbbbbbbbbbb',
      fileName: 'huge.pdf',
      totalBytes: 200 * 1024 * 1024,
      offset: 0,
      data: Buffer.from('%PDF-1.7').toString('base64'),
    });
    expect(first).toEqual({ kind: 'refused', reason: 'The file is larger than 10 MB.' });
    const { part } = send(pdf, 'upload-cccccccccccc');
    expect((await part(0)).kind).toBe('partial');
    expect(await part(2 * RESUME_PART_BYTES)).toEqual({ kind: 'refused', reason: OUT_OF_ORDER });
    expect(db.select().from(resumes).all()).toEqual([]);
  });

  it('stays up after a damaged file: the next upload is read', async () => {
    const damaged = await upload(pdf.subarray(0, 4000), 'upload-dddddddddddd');
    expect(damaged.at(-1)).toEqual({ kind: 'refused', reason: DAMAGED });
    expect((await upload(pdf, 'upload-eeeeeeeeeeee')).at(-1)?.kind).toBe('text');
  }, 30_000);

  it('refuses a malformed part and an unknown candidate', async () => {
    const bad = await stationCaller(services)
      .manage.uploadResumePart({
        token,
        candidateId,
        uploadId: 'x',
        fileName: 'a.pdf',
        totalBytes: 10,
        offset: 0,
        data: 'not base64!',
      })
      .catch(codeOf);
    expect(bad).toBe('BAD_REQUEST');
    candidateId = 9999;
    const { part } = send(pdf, 'upload-ffffffffffff');
    expect(await part(0).catch(codeOf)).toBe('NOT_FOUND');
  });
});

describe('cleanFileName', () => {
  it('keeps a name to show, never a path', () => {
    expect(cleanFileName('C:\\Users\\ada\\CV.docx')).toBe('CV.docx');
    expect(cleanFileName('../../x\u0000y.pdf')).toBe('xy.pdf');
    expect(cleanFileName('/')).toBe('résumé');
    expect(cleanFileName('a'.repeat(500))).toHaveLength(200);
  });
});
