import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledFfmpegPath, resolveFfmpeg } from './ffmpeg-path';

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
});
