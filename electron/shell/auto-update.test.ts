import { EventEmitter } from 'node:events';
import type { Logger, UpdateInfo } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateSettings } from '../settings/update-settings';
import { startAutoUpdate, type AutoUpdate, type AutoUpdateParts } from './auto-update';
import { stationBucket } from './update-policy';

/**
 * electron-updater's autoUpdater at its boundary: the options it is given, and a feed that
 * offers one release. Like the real one, a check asks isUserWithinRollout before it announces
 * the release, and a download announces itself when done.
 */
class FakeUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowPrerelease = false;
  allowDowngrade = false;
  channel: string | null = null;
  logger: Logger | null = null;
  isUserWithinRollout: (info: UpdateInfo) => boolean | Promise<boolean> = () => true;
  feed: unknown = null;
  calls: string[] = [];
  offer: UpdateInfo | null = null;
  failDownload = false;

  setFeedURL(options: unknown) {
    this.feed = options;
  }
  async checkForUpdates() {
    this.calls.push('check');
    const offer = this.offer;
    if (offer && (await this.isUserWithinRollout(offer))) this.emit('update-available', offer);
    else this.emit('update-not-available', offer);
    return null;
  }
  async downloadUpdate() {
    this.calls.push('download');
    await Promise.resolve();
    if (this.failDownload) throw new Error('net::ERR_CONNECTION_RESET');
    this.emit('update-downloaded', { ...this.offer, downloadedFile: '/tmp/update' });
    return ['/tmp/update'];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.calls.push(`install silent=${isSilent} run=${isForceRunAfter}`);
  }
}

const release = (version: string, stagingPercentage?: number): UpdateInfo => ({
  version,
  files: [],
  path: '',
  sha512: '',
  releaseDate: '2026-11-30T00:00:00.000Z',
  ...(stagingPercentage === undefined ? {} : { stagingPercentage }),
});

const STATION_ID = '6f1c1a52-3d5e-4f7a-9b1c-2d3e4f5a6b7c';
const BUCKET = stationBucket(STATION_ID);
const ON: UpdateSettings = {
  enabled: true,
  channel: 'latest',
  rolloutPercent: 100,
  url: 'https://updates.example.com/interview-station',
};

let running: AutoUpdate | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  running?.stop();
  running = null;
  vi.useRealTimers();
});

function start(settings: Partial<UpdateSettings>, change: Partial<AutoUpdateParts> = {}) {
  const updater = new FakeUpdater();
  updater.offer = release('1.5.0');
  const lines: string[] = [];
  const sessions = { count: 0 };
  const order: string[] = [];
  const parts: AutoUpdateParts = {
    updater,
    settings: { ...ON, ...settings },
    currentVersion: '1.4.0',
    stationId: STATION_ID,
    runningSessions: () => sessions.count,
    beforeInstall: () => order.push(`beforeInstall after ${updater.calls.length} calls`),
    log: (line) => lines.push(line),
    checkEveryMs: 60_000,
    installCheckMs: 1_000,
    ...change,
  };
  return { updater, lines, sessions, order, parts };
}

/** Lets the check's and download's promise chains finish. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('auto-update', () => {
  it('hands electron-updater IT’s feed and channel, with nothing automatic', async () => {
    const h = start({ channel: 'beta' });
    running = startAutoUpdate(h.parts);
    expect(h.updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowPrerelease: true,
      allowDowngrade: false,
      channel: 'beta',
      feed: { provider: 'generic', url: ON.url, channel: 'beta' },
    });
    await settle();
    expect(h.updater.calls[0]).toBe('check');
    const latest = start({});
    running.stop();
    running = startAutoUpdate(latest.parts);
    expect(latest.updater).toMatchObject({ allowPrerelease: false, channel: 'latest' });
  });

  it('does nothing when updates are off, or on without a server', async () => {
    const off = start({ enabled: false });
    startAutoUpdate(off.parts);
    const noUrl = start({ url: null });
    startAutoUpdate(noUrl.parts);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect([...off.updater.calls, ...noUrl.updater.calls]).toEqual([]);
    expect(off.updater.feed).toBeNull();
    expect(noUrl.lines).toEqual([expect.stringMatching(/names no update server \(updates\.url\)/)]);
  });

  it('downloads a newer release and restarts into it at once when no interview runs', async () => {
    const h = start({});
    running = startAutoUpdate(h.parts);
    await settle();
    expect(h.updater.calls).toEqual(['check', 'download', 'install silent=true run=true']);
    // The kiosk window is let close just before the restart, not earlier.
    expect(h.order).toEqual(['beforeInstall after 2 calls']);
    expect(h.lines).toEqual(
      expect.arrayContaining([
        'updates: downloading 1.5.0.',
        'updates: installing 1.5.0 and restarting.',
      ]),
    );
  });

  it('never installs during an interview: it waits, then installs once the session ends', async () => {
    const h = start({});
    h.sessions.count = 1;
    running = startAutoUpdate(h.parts);
    await settle();
    expect(h.updater.calls).toEqual(['check', 'download']);
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1_000);
    expect(h.updater.calls).toEqual(['check', 'download']);
    expect(h.order).toEqual([]);
    expect(h.lines.filter((l) => l.includes('installs when no interview runs'))).toHaveLength(1);
    // The hourly check does not replace the waiting update with a fresh download.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.updater.calls).toEqual(['check', 'download']);

    h.sessions.count = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.updater.calls).toEqual(['check', 'download', 'install silent=true run=true']);
    // Installed once: later ticks leave it be.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.updater.calls.filter((c) => c.startsWith('install'))).toHaveLength(1);
  });

  it('takes the release only inside IT’s share and the feed’s, by the station’s own bucket', async () => {
    const outside = start({ rolloutPercent: BUCKET });
    running = startAutoUpdate(outside.parts);
    await settle();
    expect(outside.updater.calls).toEqual(['check']);
    running.stop();

    const inside = start({ rolloutPercent: BUCKET + 1 });
    running = startAutoUpdate(inside.parts);
    await settle();
    expect(inside.updater.calls).toEqual(['check', 'download', 'install silent=true run=true']);
    running.stop();

    const staged = start({});
    staged.updater.offer = release('1.5.0', BUCKET);
    running = startAutoUpdate(staged.parts);
    await settle();
    expect(staged.updater.calls).toEqual(['check']);
    // The feed widens the stage; the next check takes it.
    staged.updater.offer = release('1.5.0', BUCKET + 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(staged.updater.calls).toEqual([
      'check',
      'check',
      'download',
      'install silent=true run=true',
    ]);
  });

  it('leaves a release that is not newer, or a pre-release on the latest channel', async () => {
    for (const version of ['1.4.0', '1.3.2', '1.6.0-beta.1']) {
      const h = start({});
      h.updater.offer = release(version);
      running?.stop();
      running = startAutoUpdate(h.parts);
      await settle();
      expect(h.updater.calls, version).toEqual(['check']);
      expect(h.lines).toEqual(
        expect.arrayContaining([expect.stringMatching(`^updates: ${version} not taken: `)]),
      );
    }
  });

  it('says when a download fails and tries again at the next check', async () => {
    const h = start({});
    h.updater.failDownload = true;
    running = startAutoUpdate(h.parts);
    await settle();
    expect(h.lines).toEqual(
      expect.arrayContaining([
        'updates: the download of 1.5.0 failed (net::ERR_CONNECTION_RESET).',
      ]),
    );
    h.updater.failDownload = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.updater.calls).toEqual([
      'check',
      'download',
      'check',
      'download',
      'install silent=true run=true',
    ]);
  });

  it('passes electron-updater’s own messages and errors to the station log', async () => {
    const h = start({});
    h.updater.offer = null;
    running = startAutoUpdate(h.parts);
    h.updater.logger?.info('Checking for update');
    h.updater.emit('error', new Error('HttpError: 404'));
    expect(h.lines).toEqual(
      expect.arrayContaining(['updates: Checking for update', 'updates: HttpError: 404']),
    );
  });
});
