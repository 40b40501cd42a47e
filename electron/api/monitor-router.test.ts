import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import type { Db } from '../../db/open';
import { MIGRATIONS_DIR, seedTestInterview } from '../../db/test-db';
import { recordDeviceLost } from '../capture/capture-store';
import { DeviceCheck } from '../capture/device-check';
import { DeviceFeed } from '../capture/device-feed';
import type { LiveUpdate } from '../monitor/live-monitor';
import type { Services } from './services';
import { createTestServices } from './test-router';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import type { TranscriptionService } from '../transcription/transcription-service';
import { openFolderDatabase } from '../station/station-database';
import { appRouter } from './router';
import { createCallerFactory } from './trpc';

const createCaller = createCallerFactory(appRouter);

describe('monitor router', () => {
  let dataDir: string;
  let db: Db;
  let feed: DeviceFeed;
  let transcription: TranscriptionService;
  let services: Services;

  beforeEach(async () => {
    // A real station database file, so the data folder's free space can be measured.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'monitor-router-'));
    db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
    feed = new DeviceFeed();
    services = createTestServices(db, {
      dataDir,
      // A resources folder without a Whisper model.
      resourcesDir: path.resolve('resources'),
      transcriptionWorkerFile: '/nonexistent/whisper-worker.mjs',
      // Devices without a recorder: the diagnostics only read the feed.
      capture: () => ({
        devices: {
          feed,
          // Never started here.
          check: new DeviceCheck({
            source: { kind: 'file', path: '/nonexistent.mp4' },
            microphone: null,
            resourcesDir: path.resolve('resources'),
            dataDir,
            feed,
            log: () => {},
          }),
        },
        microphone: false,
        recorder: null,
      }),
    });
    transcription = services.transcription as TranscriptionService;
    await transcription.start().modelLoaded;
    await createTestStaff(db, { role: 'recruiter' });
  });
  afterEach(async () => {
    await transcription.close();
    services.sessions.close();
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const caller = () =>
    createCaller({
      caller: { transport: 'internal' },
      trust: { isTrusted: () => true },
      services,
      requestExit: () => {},
    });
  const staffToken = async () =>
    (await caller().staff.login({ username: 'recruiter', password: TEST_STAFF_PASSWORD })).token;

  /** A candidate checks in, consents and starts; returns the session id. */
  async function startInterview(): Promise<number> {
    const { accessCode } = seedTestInterview(db, {
      candidateName: 'Grace Hopper',
      jobTitle: 'Compiler Engineer',
      questions: [
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
      ],
    });
    const checkIn = await caller().candidate.checkIn({ code: accessCode });
    await caller().candidate.consent({
      token: checkIn.token,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
      biometric: checkIn.notice.biometric
        ? { version: checkIn.notice.biometric.version, given: true }
        : undefined,
    });
    return (await caller().candidate.start({ token: checkIn.token })).sessionId;
  }

  it('streams the running session, its signals and each new event, and leaves no listener behind', async () => {
    const token = await staffToken();
    const stream = await caller().monitor.live({ token });
    const seen: LiveUpdate[] = [];
    let sessionId = 0;
    for await (const update of stream) {
      seen.push(update);
      if (seen.length === 1) {
        // Nobody yet; then a candidate starts, and capture reports a frame and an event.
        expect(update).toEqual({ kind: 'snapshot', session: null, signals: null, events: [] });
        sessionId = await startInterview();
        services.monitor.signals(sessionId, {
          tMs: 1200,
          faceCount: 2,
          faceConfidence: 0.9,
          faceBox: null,
          earLeft: 0.31,
          earRight: 0.29,
          earAvg: 0.3,
          blink: false,
          pitch: 3,
          yaw: 50,
          roll: 1,
          gazeX: null,
          gazeY: null,
          lookingAway: true,
          voiceActive: false,
          rms: 0.01,
        });
        services.monitor.event(sessionId, {
          type: 'multiple_faces',
          startMs: 200,
          endMs: 1400,
          severity: 'high',
        });
      }
      if (update.kind === 'event') break;
    }
    expect(seen.map((u) => u.kind)).toEqual([
      'snapshot',
      'snapshot',
      'progress',
      'signals',
      'event',
    ]);
    expect(seen[1]).toMatchObject({
      session: {
        sessionId,
        candidateName: 'Grace Hopper',
        jobTitle: 'Compiler Engineer',
        position: 0,
        total: 2,
      },
    });
    expect(seen[3]).toMatchObject({
      signals: { faceCount: 2, lookingAway: true, yaw: 50, earAvg: 0.3, eyesClosed: false },
    });
    expect(seen[4]).toMatchObject({
      event: { type: 'multiple_faces', startMs: 200, endMs: 1400, severity: 'high' },
    });
    expect(services.monitor.listenerCount()).toBe(0);
  });

  it('a new subscriber starts from the running session as it is', async () => {
    const sessionId = await startInterview();
    services.monitor.event(sessionId, {
      type: 'no_face',
      startMs: 0,
      endMs: 4000,
      severity: 'medium',
    });
    const stream = await caller().monitor.live({ token: await staffToken() });
    for await (const update of stream) {
      expect(update).toMatchObject({
        kind: 'snapshot',
        session: { sessionId, candidateName: 'Grace Hopper' },
        events: [{ type: 'no_face', startMs: 0, endMs: 4000 }],
      });
      break;
    }
    expect(services.monitor.listenerCount()).toBe(0);
  });

  it('answers diagnostics: versions, devices, capture problems, transcription as station.diagnostics, disk', async () => {
    const token = await staffToken();
    const sessionId = await startInterview();
    feed.status({ camera: 'ok', microphone: 'reconnecting', problem: 'The microphone stopped.' });
    recordDeviceLost(db, sessionId, 'mic_lost', 1500, 'arecord exited with code 1');

    const diagnostics = await caller().monitor.diagnostics({ token });
    expect(diagnostics.app).toEqual({
      version: packageJson.version,
      node: process.versions.node,
      electron: null,
      platform: `${process.platform} ${process.arch}`,
    });
    // The machine's processor and memory, as the operating system reports them.
    expect(diagnostics.cpu.cores).toBe(os.cpus().length);
    expect(diagnostics.cpu.loadAverage).toHaveLength(3);
    expect(diagnostics.memory.totalBytes).toBe(os.totalmem());
    expect(diagnostics.memory.processRssBytes).toBeGreaterThan(0);
    expect(diagnostics.capture).toMatchObject({
      configured: true,
      camera: 'ok',
      microphone: 'reconnecting',
      problem: 'The microphone stopped.',
      analysedFps: null,
      recentProblems: [
        { sessionId, device: 'microphone', reason: 'arecord exited with code 1', recovered: false },
      ],
    });
    const startedAt = services.monitor.snapshot().session?.startedAt ?? 0;
    expect(diagnostics.capture.recentProblems[0]?.at).toBe(startedAt + 1500);
    // The same model state, sentence and queue the station's own diagnostics give.
    const { transcription: station } = await caller().station.diagnostics({ token });
    expect(diagnostics.transcription).toEqual(station);
    expect(diagnostics.transcription?.summary).toMatch(/^No transcription model/);
    expect(diagnostics.disk?.path).toBe(dataDir);
    expect(diagnostics.disk?.freeBytes).toBeGreaterThan(0);
    expect(diagnostics.disk?.totalBytes).toBeGreaterThanOrEqual(diagnostics.disk?.freeBytes ?? 0);
  });
});
