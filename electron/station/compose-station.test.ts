import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import type { Services } from '../api/services';
import { createTestServices } from '../api/test-router';
import { DeviceCheck } from '../capture/device-check';
import { DeviceFeed } from '../capture/device-feed';
import { readCalibration } from '../capture/session-calibration';
import type { CaptureFactory, CaptureWiring } from '../capture/station-capture';
import { agreeToNotice } from '../domain/test-consent';
import type { TranscriptionService } from '../transcription/transcription-service';
import { systemClock } from '../core/clock';
import { EXPORT_MAX_AGE_MS, newExport } from '../review/export-files';
import { processAccessCodeKey } from '../core/access-code-key';
import { composeStation } from './compose-station';

describe('composeStation', () => {
  let db: Db;
  let dataDir: string;
  let services: Services;
  let calls: string[];

  /** Capture that records nothing, only what it heard and what staff saw at that moment. */
  const fakeCapture: CaptureFactory = (wiring) => {
    const feed = new DeviceFeed();
    const check = new DeviceCheck({
      source: { kind: 'file', path: '/nonexistent.mp4' },
      microphone: null,
      resourcesDir: wiring.resourcesDir,
      dataDir: wiring.dataDir,
      feed,
      log: () => {},
    });
    const seen = () => (services.monitor.snapshot().session ? 'live' : 'not live');
    return {
      devices: { feed, check },
      microphone: false,
      recorder: {
        started: (id) => calls.push(`capture started ${id} (${seen()})`),
        phase: (id, phase) => calls.push(`capture phase ${id} ${phase}`),
        ended: (id) => calls.push(`capture ended ${id} (${seen()})`),
        settle: () => Promise.resolve(),
      },
    };
  };

  beforeEach(() => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    calls = [];
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function runOneQuestion(): number {
    const { interviewId } = seedTestInterview(db, {
      status: 'checked_in',
      questions: [{ type: 'text', readingSeconds: 2, answerSeconds: 5 }],
    });
    agreeToNotice(db, interviewId, 0);
    const id = services.sessions.start(interviewId);
    services.sessions.beginAnswering(id, 0);
    services.sessions.submit(id, 0);
    return id;
  }

  it('tells capture of a session first, then queues its transcription, then staff’s view', () => {
    services = createTestServices(db, {
      dataDir,
      transcriptionWorkerFile: '/nonexistent/whisper-worker.mjs',
      capture: fakeCapture,
    });
    const live = () => (services.monitor.snapshot().session ? 'live' : 'not live');
    const queued = vi
      .spyOn(services.transcription as TranscriptionService, 'sessionEnded')
      .mockImplementation((id) => void calls.push(`transcription queued ${id} (${live()})`));
    const id = runOneQuestion();
    expect(calls).toEqual([
      // The monitor hears of the start after capture, so capture's line sees no live session.
      `capture started ${id} (not live)`,
      `capture phase ${id} reading`,
      `capture phase ${id} answering`,
      `capture ended ${id} (live)`,
      `transcription queued ${id} (live)`,
    ]);
    expect(queued).toHaveBeenCalledOnce();
    expect(services.monitor.snapshot().session).toBeNull();
    expect(services.devices?.feed).toBeInstanceOf(DeviceFeed);
  });

  it('stores the device check’s baseline with the session and measures from it at every start', () => {
    let wiring: CaptureWiring | null = null;
    services = createTestServices(db, {
      dataDir,
      transcriptionWorkerFile: '/nonexistent/whisper-worker.mjs',
      capture: (given) => ((wiring = given), fakeCapture(given)),
    });
    const baseline = { yaw: -12, pitch: -18, roll: 2, gazeX: 0.1, gazeY: -0.05, frames: 20 };
    // The check's camera is a file that is not there: its baseline is what it would record.
    const check = services.devices?.check as DeviceCheck;
    const taken = vi.spyOn(check, 'takeBaseline').mockReturnValueOnce(baseline);
    const calibrated = runOneQuestion();
    expect(taken).toHaveBeenCalledOnce();
    expect(readCalibration(db, calibrated)).toEqual(baseline);
    // What capture starts the signal worker with, at the start and again at a resume.
    const now = (wiring as CaptureWiring | null)?.signalsNow(calibrated);
    expect(now?.signalOptions.baseline).toEqual(baseline);
    // The next candidate did not calibrate: absolute angles, as before.
    const next = runOneQuestion();
    expect(readCalibration(db, next)).toBeNull();
    expect((wiring as CaptureWiring | null)?.signalsNow(next).signalOptions.baseline).toBeNull();
  });

  it('without a camera: no devices, no session transcription, staff still see sessions', () => {
    services = createTestServices(db, {
      dataDir,
      transcriptionWorkerFile: '/nonexistent/whisper-worker.mjs',
    });
    const queued = vi.spyOn(services.transcription as TranscriptionService, 'sessionEnded');
    const seen: string[] = [];
    services.monitor.subscribe((update) =>
      seen.push('session' in update && update.session ? 'live' : 'none'),
    );
    runOneQuestion();
    expect(services.devices).toBeNull();
    expect(queued).not.toHaveBeenCalled();
    expect(seen).toContain('live');
    expect(services.monitor.snapshot().session).toBeNull();
  });

  it('removes exported reports past their age when the station starts, and hourly', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const old = newExport(dataDir, 'old-report.pdf');
      writeFileSync(old.file, '%PDF');
      const past = (Date.now() - EXPORT_MAX_AGE_MS - 60_000) / 1000;
      utimesSync(path.dirname(old.file), past, past);
      const fresh = newExport(dataDir, 'fresh-report.pdf');
      writeFileSync(fresh.file, '%PDF');
      const station = composeStation({
        db,
        dataDir,
        stationKey: processAccessCodeKey(),
        resourcesDir: path.resolve('resources'),
        clock: systemClock,
        log: () => {},
        config: { stationName: 'Test station', retentionDays: 30 },
      });
      services = station.services;
      expect(existsSync(path.dirname(old.file))).toBe(false);
      expect(existsSync(fresh.file)).toBe(true);
      // An hour later the sweep takes the one that was fresh, with nobody exporting again.
      utimesSync(path.dirname(fresh.file), past, past);
      vi.advanceTimersByTime(60 * 60 * 1000);
      expect(existsSync(path.dirname(fresh.file))).toBe(false);
      void station.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
