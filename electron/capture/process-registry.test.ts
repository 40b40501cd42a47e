import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDisk } from '../core/test-full-disk';
import { startCamera } from './camera';
import { makeFaceClip, tempFolder } from './camera-test-media';
import { addProcess, endLeftoverProcesses, readRegistry, registryFile } from './process-registry';
import { isRunning } from '../core/processes';

let folder = '';
let clip = '';
const started: ChildProcess[] = [];

beforeAll(() => {
  folder = tempFolder('process-registry-test-');
  clip = makeFaceClip(folder);
});

afterAll(() => {
  // Whatever a failed assertion left running.
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

describe('process registry', () => {
  it('lists a running camera’s ffmpeg and forgets it once stopped', async () => {
    const dataFolder = path.join(folder, 'data-camera');
    const camera = await startCamera({
      source: { kind: 'file', path: clip },
      registryFolder: dataFolder,
    });
    const entries = JSON.parse(readFileSync(registryFile(dataFolder), 'utf8')) as unknown;
    expect(entries).toEqual([
      expect.objectContaining({ pid: camera.pid, what: 'camera', argv: expect.any(Array) }),
    ]);
    await camera.stop();
    expect(readRegistry(dataFolder)).toEqual([]);
  });

  it('ends a previous run’s leftover ffmpeg, and only when the pid still runs that command', async () => {
    const dataFolder = path.join(folder, 'data-leftover');
    // "Previous run": a real ffmpeg encoding in real time to /dev/null, in its own group.
    const argv = ['ffmpeg', '-v', 'error', '-re', '-stream_loop', '-1', '-i', clip];
    argv.push('-f', 'rawvideo', '-y', '/dev/null');
    const leftover = spawn(argv[0] ?? 'ffmpeg', argv.slice(1), { detached: true, stdio: 'ignore' });
    started.push(leftover);
    addProcess(dataFolder, { pid: leftover.pid ?? -1, what: 'camera', argv });
    // A pid since given to something else must survive, even though the entry names ffmpeg.
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(unrelated);
    addProcess(dataFolder, { pid: unrelated.pid ?? -1, what: 'camera', argv });
    // And a pid that is gone altogether.
    const finished = spawn('true');
    await once(finished, 'exit');
    addProcess(dataFolder, { pid: finished.pid ?? -1, what: 'microphone', argv: ['arecord'] });

    const leftoverExit = once(leftover, 'exit');
    const reports = await endLeftoverProcesses(dataFolder);

    expect(reports.map((r) => [r.entry.pid, r.outcome])).toEqual([
      [leftover.pid, 'ended'],
      [unrelated.pid, 'pid_reused'],
      [finished.pid, 'not_running'],
    ]);
    expect(await leftoverExit).toEqual([null, 'SIGKILL']);
    expect(isRunning(unrelated.pid ?? -1)).toBe(true);
    expect(readRegistry(dataFolder)).toEqual([]);
  });

  it('kills the camera’s ffmpeg when the Node process exits normally', async () => {
    const dataFolder = path.join(folder, 'data-exit');
    const script = path.join(folder, 'exit-run.ts');
    const cameraModule = fileURLToPath(new URL('./camera.ts', import.meta.url));
    writeFileSync(
      script,
      `import { startCamera } from ${JSON.stringify(cameraModule)};\n` +
        `const camera = await startCamera({ source: { kind: 'file', path: ${JSON.stringify(clip)} },` +
        ` registryFolder: ${JSON.stringify(dataFolder)} });\n` +
        'console.log(camera.pid);\nprocess.exit(0);\n',
    );
    const bundle = path.join(folder, 'exit-run.mjs');
    await build({
      entryPoints: [script],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'warning',
    });
    const run = spawn(process.execPath, [bundle], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await once(run, 'exit')).toEqual([0, null]);
    const pid = Number(output.trim());
    expect(pid).toBeGreaterThan(0);
    // SIGKILLed by the exit hook.
    for (let i = 0; i < 50 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(pid)).toBe(false);
    expect(readRegistry(dataFolder)).toEqual([]);
  });
});

describe('process registry on a full disk', () => {
  it('keeps the process alive when ffmpeg’s recording fills the disk and it exits', async () => {
    const disk = await smallDisk(4096);
    try {
      const recording = path.join(disk.dir, 'session.mkv');
      const script = path.join(folder, 'full-disk-run.ts');
      const cameraModule = fileURLToPath(new URL('./camera.ts', import.meta.url));
      // A separate process, so an uncaught ENOSPC shows as what it did to the station: exit 1.
      writeFileSync(
        script,
        `import { startCamera } from ${JSON.stringify(cameraModule)};\n` +
          'let failed = null;\n' +
          `await startCamera({ source: { kind: 'file', path: ${JSON.stringify(clip)} },` +
          ` recordingFile: ${JSON.stringify(recording)}, registryFolder: ${JSON.stringify(disk.dir)},` +
          ' onError: (error) => { failed = error.message; } });\n' +
          "console.log('recording');\n" +
          'while (!failed) await new Promise((r) => setTimeout(r, 50));\n' +
          // The exit handler has run by now; give any late throw a moment to surface.
          'await new Promise((r) => setTimeout(r, 500));\n' +
          "console.log('alive after ffmpeg failed');\nprocess.exit(0);\n",
      );
      const bundle = path.join(folder, 'full-disk-run.mjs');
      await build({
        entryPoints: [script],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: bundle,
        logLevel: 'warning',
      });
      const run = spawn(process.execPath, [bundle], { stdio: ['ignore', 'pipe', 'pipe'] });
      started.push(run);
      let output = '';
      const recordingStarted = new Promise<void>((resolve) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('recording')) resolve();
        };
        run.stdout.on('data', onData);
        run.stderr.on('data', onData);
      });
      const exited = once(run, 'exit');
      await recordingStarted;
      // To the last byte: ffmpeg's next write fails, and so would the registry's.
      disk.fill();
      expect(await exited, output).toEqual([0, null]);
      expect(output).toContain('alive after ffmpeg failed');
      // Nothing half-written is left beside the registry.
      expect(readdirSync(disk.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await disk.close();
    }
  });

  it('refuses quietly to write the registry when there is no room, and writes again after', async () => {
    const disk = await smallDisk(1024);
    try {
      disk.fill();
      expect(addProcess(disk.dir, { pid: 424242, what: 'camera', argv: ['ffmpeg'] })).toBe(false);
      expect(readdirSync(disk.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      disk.free();
      expect(addProcess(disk.dir, { pid: 424242, what: 'camera', argv: ['ffmpeg'] })).toBe(true);
      expect(readRegistry(disk.dir).map((e) => e.pid)).toEqual([424242]);
    } finally {
      await disk.close();
    }
  });
});
