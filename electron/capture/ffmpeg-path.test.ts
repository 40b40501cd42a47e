import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledFfmpegPath,
  bundledToolPath,
  resolveFfmpeg,
  useBundledMediaTools,
} from './ffmpeg-path';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('ffmpeg path', () => {
  it('maps a packaged path inside app.asar to app.asar.unpacked', () => {
    const root = path.join('/opt/Interview Station/resources', 'app.asar');
    expect(bundledFfmpegPath(root, 'linux', 'x64')).toBe(
      '/opt/Interview Station/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    );
  });

  it('names ffmpeg.exe on Windows and the platform-arch package', () => {
    const file = bundledFfmpegPath('/app', 'win32', 'x64');
    expect(path.basename(file)).toBe('ffmpeg.exe');
    expect(file).toContain(path.join('@ffmpeg-installer', 'win32-x64'));
  });

  it('falls back to ffmpeg on PATH when no bundled binary exists', () => {
    expect(resolveFfmpeg({ appRoot: '/nowhere', isExecutable: () => false })).toBe('ffmpeg');
  });

  it('resolves the bundled binary on this machine and it runs', () => {
    const file = resolveFfmpeg({ appRoot: repoRoot });
    expect(file).not.toBe('ffmpeg');
    const out = execFileSync(file, ['-version'], { encoding: 'utf8' });
    expect(out).toMatch(/^ffmpeg version/);
  });

  it('resolves the bundled ffprobe too, and it runs', () => {
    const file = resolveFfmpeg({ appRoot: repoRoot, tool: 'ffprobe' });
    expect(file).toBe(bundledToolPath(repoRoot, 'ffprobe'));
    expect(execFileSync(file, ['-version'], { encoding: 'utf8' })).toMatch(/^ffprobe version/);
  });

  it('points the station at the bundled tools unless IT already chose one', () => {
    const env: NodeJS.ProcessEnv = { STATION_FFPROBE: '/opt/it/ffprobe' };
    useBundledMediaTools('/app', env, () => true);
    expect(env.STATION_FFMPEG).toBe(bundledToolPath('/app', 'ffmpeg'));
    expect(env.STATION_FFPROBE).toBe('/opt/it/ffprobe');
    const bare: NodeJS.ProcessEnv = {};
    useBundledMediaTools('/nowhere', bare, () => false);
    expect(bare).toEqual({ STATION_FFMPEG: 'ffmpeg', STATION_FFPROBE: 'ffprobe' });
  });
});
