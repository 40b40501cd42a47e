import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { bundleForTest } from '../core/test-bundle';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { events, sessions } from '../../db/schema';
import { stationCaller } from '../api/test-router';
import { DataFolderInUseError } from '../core/data-folder-lock';
import { openStation } from './open-station';

const resourcesDir = path.resolve('resources');

// The second station is the real launcher (`npm start`'s browser station) in its own process,
// built as scripts/build.mjs builds it; two folders below the repo, so it finds the app's files.
let launcher = '';
beforeAll(async () => {
  launcher = await bundleForTest('electron/station/launch.ts', 'two-stations-launch');
});

function runLauncher(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [launcher], {
    env: {
      ...process.env,
      STATION_DATA_DIR: dataDir,
      STATION_MODE: 'browser',
      STATION_NO_BROWSER: '1',
      STATION_PORT: '0',
      STATION_CAMERA: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('two stations on one data folder', () => {
  it('the second refuses, naming the first, and the first keeps its live session', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-two-'));
    const first = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
      // A build machine's disk may hold less than the default floor.
      freeSpaceFloorBytes: 20 * 1024 * 1024,
    });
    const code = first.banner
      .find((line) => line.startsWith('Demo interview code: '))
      ?.replace('Demo interview code: ', '');
    const caller = stationCaller(first.services);
    const checkIn = await caller.candidate.checkIn({ code: code ?? '' });
    const { token } = checkIn;
    await caller.candidate.consent({
      token,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
    });
    const { sessionId } = await caller.candidate.start({ token });
    const row = () =>
      first.services.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    const before = row();
    expect(before?.status).toBe('active');

    // A second station, in its own process, as `npm start` would run it on the same folder.
    const second = await runLauncher(dataDir);
    expect(second.code).toBe(1);
    expect(second.output).toContain(
      `This data folder (${dataDir}) is in use by another Interview Station (pid ${process.pid}, started `,
    );
    expect(second.output).toContain('Close it first, or choose another data folder.');
    // It stopped before touching anything: no leftovers ended, nothing marked interrupted.
    expect(second.output).not.toMatch(/left by an earlier run|interrupted|Station URL/);

    // The first station's session is untouched and goes on (its heartbeat moves the clock on,
    // nothing else): not interrupted, no restart on its record.
    const after = row();
    const kept = (r: typeof after) => ({
      status: r?.status,
      integrityFlags: r?.integrityFlags,
      currentPosition: r?.currentPosition,
      phase: r?.phase,
      endedAt: r?.endedAt,
    });
    expect(kept(after)).toEqual(kept(before));
    expect(after?.status).toBe('active');
    expect(after?.integrityFlags).not.toContain('interrupted');
    expect(
      first.services.db.select().from(events).where(eq(events.sessionId, sessionId)).all(),
    ).toEqual([]);
    expect((await caller.candidate.session({ token })).status).toBe('active');

    // In the same process too, a second openStation is refused.
    await expect(
      openStation({ dataDir, resourcesDir, migrationsDir: MIGRATIONS_DIR, log: () => {} }),
    ).rejects.toThrow(DataFolderInUseError);
    expect(row()?.status).toBe('active');

    // Once the first closes, the folder opens again.
    await first.close();
    const reopened = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
    });
    await reopened.close();
  }, 30_000);
});
