// Builds everything `npm start` and the tests run: the browser station launcher (ESM, Node),
// the Electron main process and preload (each one CommonJS file; a sandboxed preload can
// only require('electron')), then the renderer with Vite.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const started = Date.now();
const node = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  esbuild({
    ...node,
    entryPoints: ['./electron/station/launch.ts'],
    outfile: 'out/station/launch.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    // The live proctoring pipeline's worker thread: inference never runs on the main thread.
    entryPoints: ['./electron/signals/worker/signal-worker.ts'],
    outfile: 'out/station/signal-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    // Résumé parsing (PDF, Word): a worker thread with memory and time limits, so a hostile
    // file cannot hang or end the station (electron/screening/resume-text.ts).
    entryPoints: ['./electron/screening/resume-worker.ts'],
    outfile: 'out/station/resume-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    // Sync's network side (hashing, decrypting and uploading media, sending batches): a worker
    // thread, so it never takes the main thread's time (electron/sync/sync-worker.ts).
    entryPoints: ['./electron/sync/sync-worker.ts'],
    outfile: 'out/station/sync-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    // The transcription process (whisper.cpp): its own process, so a native abort cannot end the
    // station (a utility process in Electron, forked under Node: electron/core/node-child.ts).
    entryPoints: ['./electron/transcription/whisper-worker.ts'],
    outfile: 'out/station/whisper-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    entryPoints: ['./electron/main.ts'],
    outfile: 'out/electron/main.cjs',
    format: 'cjs',
    packages: 'external',
  }),
  esbuild({
    ...node,
    entryPoints: ['./electron/preload.ts'],
    outfile: 'out/electron/preload.cjs',
    format: 'cjs',
    // Everything but electron itself is inlined: the sandboxed preload cannot load modules.
    external: ['electron'],
  }),
]);
if (!process.argv.includes('--main-only')) {
  await vite({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
console.log(`Built in ${Date.now() - started} ms.`);
