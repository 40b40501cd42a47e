import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../../db/open';
import { createTestDb } from '../../db/test-db';
import type { Services } from './services';
import { auditLog } from '../../db/schema';
import { hashSecret } from '../core/secrets';
import { readSetting, writeSetting } from '../core/setting-store';
import { ADMIN_PIN_KEY } from '../domain/seed';
import { listCaptureDevices } from '../capture/device-list';
import { createTestStaff } from '../domain/test-staff';
import { writeTinyModel } from '../transcription/test-model';
import { TranscriptionService } from '../transcription/transcription-service';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

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

  it('refuses a value nested thousands of levels deep with a plain error, storing nothing', async () => {
    const admin = await signIn('admin');
    let value: unknown = 60;
    for (let i = 0; i < 20_000; i++) value = { maxYaw: value };
    const error = await caller()
      .settings.set({ token: admin, key: 'signals.thresholds', value: value as never })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('BAD_REQUEST');
    expect((error as Error).message).toBe('This request is nested too deeply.');
    const list = await caller().settings.list({ token: admin });
    expect(JSON.stringify(list)).not.toContain('maxYaw":{');
  });

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

  it('lists the station’s cameras and microphones for an admin only', async () => {
    const admin = await signIn('admin');
    const devices = await caller().settings.devices({ token: admin });
    // What the station itself lists (device-list.test.ts checks the lists); on this machine
    // at least ALSA's PulseAudio plugin.
    expect(devices).toEqual(await listCaptureDevices());
    expect(devices.microphones.map((m) => m.device)).toContain('pulse');

    const recruiter = await signIn('recruiter');
    const refused = await caller()
      .settings.devices({ token: recruiter })
      .catch((e: TRPCError) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });

  it('stores a listed microphone, and refuses a file path offered as the camera', async () => {
    const admin = await signIn('admin');
    await caller().settings.set({ token: admin, key: 'capture.microphone', value: 'pulse' });
    expect(readSetting(db, 'capture.microphone')).toBe('pulse');
    const file = await caller()
      .settings.set({ token: admin, key: 'capture.camera', value: '/home/admin/clip.mp4' })
      .catch((e: TRPCError) => e);
    expect((file as TRPCError).code).toBe('BAD_REQUEST');
    expect((file as TRPCError).message).toMatch(/Camera .* — Use a camera from the list/);
    expect(readSetting(db, 'capture.camera')).toBeUndefined();
  });

  it('lists the model files an admin may choose, for an admin only, and stores a listed one', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'settings-models-'));
    const dataDir = path.join(root, 'data');
    mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    const bytes = writeTinyModel(path.join(dataDir, 'models', 'team-model.bin'));
    // The real service on real folders; it is not started, so no process runs.
    const transcription = new TranscriptionService({
      db,
      dataDir,
      resourcesDir: path.join(root, 'resources'),
      workerFile: path.join(root, 'unused-worker.mjs'),
      clock: services.clock,
      log: () => {},
    });
    services = { ...services, transcription };
    const admin = await signIn('admin');
    const models = await caller().settings.models({ token: admin });
    expect(models.files).toEqual([
      { file: 'team-model.bin', folder: 'data', bytes, published: null },
    ]);
    expect(models.loaded?.state).toBe('none');
    expect(models.loaded?.summary).toMatch(/No transcription model/);

    await caller().settings.set({
      token: admin,
      key: 'transcription.model',
      value: 'team-model.bin',
    });
    expect(readSetting(db, 'transcription.model')).toBe('team-model.bin');
    const traversal = await caller()
      .settings.set({ token: admin, key: 'transcription.model', value: '../../etc/passwd.bin' })
      .catch((e: TRPCError) => e);
    expect((traversal as TRPCError).code).toBe('BAD_REQUEST');
    // Refused as the call's input (zod), so the screens show "Invalid input — value: …".
    expect((traversal as TRPCError).cause).toBeInstanceOf(ZodError);
    expect((traversal as TRPCError).message).toMatch(/Use a model file from the list/);
    expect(readSetting(db, 'transcription.model')).toBe('team-model.bin');

    const recruiter = await signIn('recruiter');
    for (const call of [
      caller().settings.models({ token: recruiter }),
      caller().settings.set({ token: recruiter, key: 'transcription.model', value: null }),
    ]) {
      const refused = await call.catch((e: TRPCError) => e);
      expect((refused as TRPCError).code).toBe('FORBIDDEN');
    }
    expect(readSetting(db, 'transcription.model')).toBe('team-model.bin');
  });

  it('lets an admin change the admin PIN with the current one; the old PIN stops working', async () => {
    writeSetting(db, ADMIN_PIN_KEY, await hashSecret('246801'));
    const admin = await signIn('admin');
    const recruiter = await signIn('recruiter');
    const change = (token: string, currentPin: string, newPin: string) =>
      caller().settings.changePin({ token, currentPin, newPin });
    const exit = (pin: string) =>
      caller()
        .admin.exit({ pin })
        .then(() => 'exits', codeOf);

    // A recruiter cannot, even knowing the PIN; nor can a page without a sign-in.
    expect(await change(recruiter, '246801', '97531086').catch(codeOf)).toBe('FORBIDDEN');
    expect(await change('x'.repeat(40), '246801', '97531086').catch(codeOf)).toBe('UNAUTHORIZED');
    // Digits only, 6 to 12 of them, refused at the door.
    for (const newPin of ['12345', '12345a', '1234567890123']) {
      expect(await change(admin, '246801', newPin).catch(codeOf), newPin).toBe('BAD_REQUEST');
    }
    // A wrong current PIN changes nothing.
    expect(await change(admin, '111111', '97531086').catch(codeOf)).toBe('UNAUTHORIZED');
    expect(await exit('246801')).toBe('exits');

    expect(await change(admin, '246801', '97531086')).toEqual({ changed: true });
    expect(await exit('246801')).toBe('UNAUTHORIZED');
    expect(await exit('97531086')).toBe('exits');
    const rows = db.select().from(auditLog).all();
    expect(rows.filter((r) => r.action === 'admin_pin_changed')).toHaveLength(1);
    // Neither PIN, nor the admin's token, is in the audit log.
    const audit = JSON.stringify(rows);
    for (const secret of ['246801', '97531086', admin]) expect(audit).not.toContain(secret);
  });
});
