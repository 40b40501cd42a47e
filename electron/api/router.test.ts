import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import type { Services } from './services';
import { createTestServices } from './test-router';
import { appRouter } from './router';
import { createCallerFactory, type Caller } from './trpc';

const createCaller = createCallerFactory(appRouter);

describe('appRouter', () => {
  let db: Db;
  let services: Services;

  beforeEach(() => {
    db = createTestDb();
    services = createTestServices(db);
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const callerAs = (trusted: boolean, caller: Caller = { transport: 'internal' }) =>
    createCaller({ caller, trust: { isTrusted: () => trusted }, services, requestExit: () => {} });

  it('refuses every procedure to a caller that is not the station', async () => {
    const flat = appRouter._def.procedures as unknown as Record<string, unknown>;
    const untrusted = callerAs(false) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    for (const path of Object.keys(flat)) {
      const [domain = '', name = ''] = path.split('.');
      const call = untrusted[domain]?.[name];
      const error = await Promise.resolve(call?.({})).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, path).toBe('UNAUTHORIZED');
    }
  });

  it('streams the session from its current state and leaves no listener behind', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
      ],
    });
    const caller = callerAs(true);
    const checkIn = await caller.candidate.checkIn({ code: accessCode });
    const { token } = checkIn;
    await caller.candidate.consent({
      token,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
    });
    const started = await caller.candidate.start({ token });
    const stream = await caller.candidate.watch({ token });
    const seen: string[] = [];
    for await (const view of stream) {
      seen.push(`${view.position}:${view.phase}`);
      if (seen.length === 1) await caller.candidate.beginAnswering({ token, position: 0 });
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['0:reading', '0:answering']);
    expect(services.sessions.listenerCount(started.sessionId)).toBe(0);
  });
});
