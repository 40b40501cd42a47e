/**
 * Test helper: builds the transcription process (and the queue runner) with esbuild, as the
 * station's build does, inside the repo so they resolve node_modules like the real bundles.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = path.resolve('out', 'test-transcription');

async function bundle(entry: string, name: string): Promise<string> {
  const outfile = path.join(OUT, name);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    outfile,
    write: false,
    logLevel: 'silent',
  });
  // Test files run in parallel and build the same bundle: write it aside and rename it into
  // place, so a process being forked never reads a half-written file.
  mkdirSync(OUT, { recursive: true });
  const temporary = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, result.outputFiles[0]?.contents ?? new Uint8Array());
  renameSync(temporary, outfile);
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
