/**
 * Test helper: builds the transcription process (and the queue runner) with esbuild, as the
 * station's build does, inside the repo so they resolve node_modules like the real bundles.
 */
import path from 'node:path';
import { build } from 'esbuild';

const OUT = path.resolve('out', 'test-transcription');

async function bundle(entry: string, name: string): Promise<string> {
  const outfile = path.join(OUT, name);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** The transcription process entry, built. */
export function buildWhisperWorker(): Promise<string> {
  return bundle('electron/transcription/whisper-worker.ts', 'whisper-worker.mjs');
}

/** A process that runs the transcription queue on a data folder (test-queue-runner.ts), built. */
export function buildQueueRunner(): Promise<string> {
  return bundle('electron/transcription/test-queue-runner.ts', 'queue-runner.mjs');
}
