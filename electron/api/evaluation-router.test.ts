import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { eq } from 'drizzle-orm';
import { interviews } from '../../db/schema';
import { aiScoringConsented } from '../domain/ai-consent';
import { filesKeyOf } from '../core/station-key';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

const KEY = 'AIzaSyROUTERTEST0123456789abcdefghijklmn';

describe('evaluation router: the Gemini key', () => {
  let db: Db;
  let services: Services;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'gemini-router-')),
      sealing: { filesKey: filesKeyOf(Buffer.alloc(32, 3)), sealNew: true },
    });
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);

  it('lets an admin set the key and model, and never hands the key back', async () => {
    const token = await signInStaff(services, 'admin');
    expect(await caller().evaluation.geminiStatus({ token })).toMatchObject({ configured: false });

    const set = await caller().evaluation.setGemini({
      token,
      apiKey: KEY,
      model: 'gemini-2.5-pro',
    });
    expect(set).toEqual({
      configured: true,
      model: 'gemini-2.5-pro',
      managed: false,
      storable: true,
    });
    // A new model alone keeps the key.
    await caller().evaluation.setGemini({ token, model: 'gemini-2.5-flash-lite' });
    const status = await caller().evaluation.geminiStatus({ token });
    expect(status).toMatchObject({ configured: true, model: 'gemini-2.5-flash-lite' });
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(services.geminiKeys.read()).toEqual({ apiKey: KEY, model: 'gemini-2.5-flash-lite' });

    await caller().evaluation.clearGemini({ token });
    expect(services.geminiKeys.read()).toBeNull();

    const audit = db.select().from(auditLog).all();
    expect(audit.map((a) => a.action).filter((a) => a.startsWith('gemini_'))).toEqual([
      'gemini_key_set',
      'gemini_model_set',
      'gemini_key_cleared',
    ]);
    expect(audit.find((a) => a.action === 'gemini_key_set')).toMatchObject({
      actorKind: 'admin',
      details: { model: 'gemini-2.5-pro' },
    });
    expect(JSON.stringify(audit)).not.toContain(KEY);
  });

  it('refuses a recruiter every door, and a key that is not a key', async () => {
    const recruiter = await signInStaff(services, 'recruiter');
    for (const call of [
      caller().evaluation.geminiStatus({ token: recruiter }),
      caller().evaluation.setGemini({ token: recruiter, apiKey: KEY, model: 'gemini-2.5-flash' }),
      caller().evaluation.clearGemini({ token: recruiter }),
    ]) {
      expect(await call.catch(codeOf)).toBe('FORBIDDEN');
    }
    const admin = await signInStaff(services, 'admin');
    const wrong = await caller()
      .evaluation.setGemini({ token: admin, apiKey: 'not a key at all', model: 'gemini-2.5-flash' })
      .catch(codeOf);
    expect(wrong).toBe('BAD_REQUEST');
    const noKey = await caller()
      .evaluation.setGemini({ token: admin, model: 'gemini-2.5-flash' })
      .catch(codeOf);
    expect(noKey).toBe('PRECONDITION_FAILED');
    expect(services.geminiKeys.read()).toBeNull();
  });

  it('asks the candidate about AI scoring only once a key is configured, and records the answer', async () => {
    const checkIn = async () => {
      const { interviewId, accessCode } = seedTestInterview(db, {
        questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 60 }],
      });
      db.update(interviews).set({ aiScoring: true }).where(eq(interviews.id, interviewId)).run();
      return { interviewId, ...(await caller().candidate.checkIn({ code: accessCode })) };
    };
    const before = await checkIn();
    expect(before.notice.choices.map((c) => c.key)).not.toContain('aiScoring');

    const token = await signInStaff(services, 'admin');
    await caller().evaluation.setGemini({ token, apiKey: KEY, model: 'gemini-2.5-flash' });
    const after = await checkIn();
    expect(after.notice.choices.map((c) => c.key)).toContain('aiScoring');
    expect(JSON.stringify(after.notice.sections)).toContain('Google Gemini');
    await caller().candidate.consent({
      token: after.token,
      noticeVersion: after.notice.version,
      recording: true,
      signals: true,
      aiScoring: true,
    });
    expect(aiScoringConsented(db, after.interviewId)).toBe(true);
    expect(aiScoringConsented(db, before.interviewId)).toBe(false);
  });
});
