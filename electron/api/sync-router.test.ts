import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { syncItems } from '../../db/sync-schema';
import { createTestDb } from '../../db/test-db';
import { filesKeyOf } from '../core/station-key';
import { SEALED_MAGIC } from '../core/sealed-file';
import { createTestStaff } from '../domain/test-staff';
import { SYNC_CREDENTIAL_FILE } from '../sync/sync-credential';
import { startTestReceiver, type TestReceiver } from '../sync/test-receiver';
import { finishSession, tempDir } from '../sync/test-sync-fixture';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

const CODE = 'ENROL-0123456789';

describe('sync router: enrolment and the credential', () => {
  let db: Db;
  let services: Services;
  let receiver: TestReceiver;
  let dataDir: string;
  let storageDir: string;
  const lines: string[] = [];
  const filesKey = filesKeyOf(Buffer.alloc(32, 5));

  beforeEach(async () => {
    dataDir = tempDir('sync-router-');
    storageDir = tempDir('sync-router-receiver-');
    receiver = await startTestReceiver({ storageDir, codes: [CODE] });
    db = createTestDb();
    lines.length = 0;
    services = createTestServices(db, {
      dataDir,
      sealing: { filesKey, sealNew: true },
      log: (line) => lines.push(line),
      sync: { backoff: { baseMs: 20, maxMs: 100 }, idleMs: 50 },
    });
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
  });
  afterEach(async () => {
    await services.sync.close();
    services.sessions.close();
    db.$client.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  });

  const caller = () => stationCaller(services);

  it('enrols with a one-time code; the credential is kept sealed, never shown or logged', async () => {
    const token = await signInStaff(services, 'admin');
    expect(await caller().sync.status({ token })).toMatchObject({ enrolled: false });
    const status = await caller().sync.enrol({ token, receiverUrl: receiver.url, code: CODE });
    expect(status).toMatchObject({ enrolled: true, receiverUrl: receiver.url, managed: false });
    const [credential] = [...receiver.credentials];
    if (!credential) throw new Error('no credential issued');
    // Sealed on disk: neither the credential nor anything readable of it.
    const stored = readFileSync(path.join(dataDir, SYNC_CREDENTIAL_FILE));
    expect(stored.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)).toBe(true);
    expect(stored.toString('latin1')).not.toContain(credential);
    for (const name of readdirSync(dataDir)) {
      if (name.endsWith('.db') || name.endsWith('-wal')) continue;
      expect(readFileSync(path.join(dataDir, name)).toString('latin1')).not.toContain(credential);
    }
    const shown = JSON.stringify([status, await caller().sync.status({ token })]);
    expect(shown).not.toContain(credential);
    expect(lines.join('\n')).not.toContain(credential);
    expect(lines.join('\n')).not.toContain(CODE);
    const audit = JSON.stringify(db.select().from(auditLog).all());
    expect(audit).toContain('sync_enrolled');
    expect(audit).not.toContain(credential);
    expect(audit).not.toContain(CODE);

    // The code worked once.
    const again = await caller()
      .sync.enrol({ token, receiverUrl: receiver.url, code: CODE })
      .catch(codeOf);
    expect(again).toBe('FORBIDDEN');

    const forgotten = await caller().sync.forget({ token });
    expect(forgotten).toMatchObject({ enrolled: false, receiverUrl: null });
    expect(readdirSync(dataDir)).not.toContain(SYNC_CREDENTIAL_FILE);
  });

  it('refuses plain http to another machine, with a clear message', async () => {
    const token = await signInStaff(services, 'admin');
    const refused = await caller()
      .sync.enrol({ token, receiverUrl: 'http://receiver.example.org', code: CODE })
      .catch((error: Error) => error.message);
    expect(refused).toMatch(/https \(TLS\).*only to this machine/);
    expect(await caller().sync.status({ token })).toMatchObject({ enrolled: false });
  });

  it('is for admins only', async () => {
    const token = await signInStaff(services, 'recruiter');
    expect(await caller().sync.status({ token }).catch(codeOf)).toBe('FORBIDDEN');
    expect(
      await caller().sync.enrol({ token, receiverUrl: receiver.url, code: CODE }).catch(codeOf),
    ).toBe('FORBIDDEN');
  });

  it('once enrolled, a finished session is sent, shown per session and in diagnostics', async () => {
    const token = await signInStaff(services, 'admin');
    // Before enrolment nothing is written.
    finishSession(db, dataDir, filesKey);
    expect(db.select().from(syncItems).all()).toHaveLength(0);
    await caller().sync.enrol({ token, receiverUrl: receiver.url, code: CODE });
    const { sessionId } = finishSession(db, dataDir, filesKey);
    services.sync.wake();
    for (let i = 0; i < 400; i++) {
      if (services.sync.sessions([sessionId]).get(sessionId)?.state === 'confirmed') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const state = services.sync.sessions([sessionId]).get(sessionId);
    expect(state).toMatchObject({ state: 'confirmed', etaSeconds: null });
    expect(state?.bytesSent).toBe(state?.bytesTotal);
    // The dashboard shows it by session.
    const board = await caller().review.dashboard({ token });
    expect(board.sync?.[sessionId]).toMatchObject({ state: 'confirmed' });
    const diagnostics = await services.diagnostics.report();
    expect(diagnostics.sync).toMatchObject({
      enrolled: true,
      queue: { items: 0, uploads: 0 },
      bytesPending: 0,
      lastError: null,
      confirmedSessions: 1,
    });
  });
});
