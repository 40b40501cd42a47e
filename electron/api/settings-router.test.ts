import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb } from '../../db/test-db';
import type { Services } from '../services/services';
import { readSetting } from '../services/settings';
import { createTestStaff } from '../services/test-staff';
import { createTestServices, signInStaff, stationCaller } from './test-router';

describe('settings router', () => {
  let db: Db;
  let services: Services;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, { managedSettings: new Set(['retention.days']) });
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);
  const signIn = (username: string) => signInStaff(services, username);

  it('lets an admin change a setting, and refuses a recruiter', async () => {
    const admin = await signIn('admin');
    await caller().settings.set({ token: admin, key: 'notices.candidate', value: false });
    expect(readSetting(db, 'notices.candidate')).toBe(false);
    const list = await caller().settings.list({ token: admin });
    expect(list.find((s) => s.key === 'retention.days')).toMatchObject({ managed: true });

    const recruiter = await signIn('recruiter');
    const refused = await caller()
      .settings.set({ token: recruiter, key: 'notices.candidate', value: true })
      .catch((e: TRPCError) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
    expect(readSetting(db, 'notices.candidate')).toBe(false);
  });

  it('explains a value that breaks the setting’s rules, and a setting IT pinned', async () => {
    const admin = await signIn('admin');
    const wrong = await caller()
      .settings.set({ token: admin, key: 'signals.thresholds', value: { maxYaw: 'wide' } })
      .catch((e: TRPCError) => e);
    expect((wrong as TRPCError).code).toBe('BAD_REQUEST');
    expect((wrong as TRPCError).message).toMatch(
      /signal thresholds .* — maxYaw: .*expected number/,
    );
    const pinned = await caller()
      .settings.set({ token: admin, key: 'retention.days', value: 30 })
      .catch((e: TRPCError) => e);
    expect((pinned as TRPCError).code).toBe('CONFLICT');
  });
});
