import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { appRouter } from '../api/router';
import { createCallerFactory } from '../api/trpc';
import { systemClock } from '../services/clock';
import { createServices, type Services } from '../services/services';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../services/test-staff';
import { TranscriptionService } from './transcription-service';

const createCaller = createCallerFactory(appRouter);
const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));

describe('station.diagnostics', () => {
  let db: Db;
  let services: Services;
  let transcription: TranscriptionService;

  beforeEach(async () => {
    db = createTestDb();
    transcription = new TranscriptionService({
      db,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'station-data-')),
      // A resources folder without a Whisper model.
      resourcesDir: path.resolve('resources'),
      workerFile: '/nonexistent/whisper-worker.mjs',
      clock: systemClock,
      log: () => {},
    });
    await transcription.start().modelLoaded;
    services = createServices({
      db,
      clock: systemClock,
      config: { stationName: 'Test station', retentionDays: 30 },
      log: () => {},
      transcription,
    });
    await createTestStaff(db, { role: 'recruiter' });
  });
  afterEach(async () => {
    await transcription.close();
    services.sessions.close();
    db.$client.close();
  });

  const caller = () =>
    createCaller({
      caller: { transport: 'internal' },
      trust: { isTrusted: () => true },
      services,
      requestExit: () => {},
    });

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
