import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { codeOf, createTestServices, stationCaller } from '../api/test-router';
import type { Services } from '../api/services';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import type { TranscriptionService } from './transcription-service';

describe('station.diagnostics', () => {
  let db: Db;
  let services: Services;
  let transcription: TranscriptionService;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'station-data-')),
      // A resources folder without a Whisper model.
      resourcesDir: path.resolve('resources'),
      transcriptionWorkerFile: '/nonexistent/whisper-worker.mjs',
    });
    transcription = services.transcription as TranscriptionService;
    await transcription.start().modelLoaded;
    await createTestStaff(db, { role: 'recruiter' });
  });
  afterEach(async () => {
    await transcription.close();
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);

  it('tells a recruiter plainly that there is no transcription model', async () => {
    const { token } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    const { transcription: state } = await caller().station.diagnostics({ token });
    expect(state?.model.state).toBe('none');
    expect(state?.summary).toMatch(
      /^No transcription model: answers are recorded but not transcribed/,
    );
    expect(state?.queue).toEqual({ queued: 0, running: 0, done: 0, failed: 0, skipped: 0 });
  });

  it('is staff-only: a candidate token is FORBIDDEN, an unknown one UNAUTHORIZED', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    });
    const { token } = await caller().candidate.checkIn({ code: accessCode });
    expect(await caller().station.diagnostics({ token }).catch(codeOf)).toBe('FORBIDDEN');
    expect(
      await caller()
        .station.diagnostics({ token: 'x'.repeat(40) })
        .catch(codeOf),
    ).toBe('UNAUTHORIZED');
  });
});
