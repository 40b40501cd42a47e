/** Test helpers: the transcription process and the queue runner, built as the station builds. */
import { bundleForTest } from '../core/test-bundle';

/** The transcription process entry, built. */
export function buildWhisperWorker(): Promise<string> {
  return bundleForTest('electron/transcription/whisper-worker.ts', 'whisper-worker');
}

/** A process that runs the transcription queue on a data folder (test-queue-runner.ts), built. */
export function buildQueueRunner(): Promise<string> {
  return bundleForTest('electron/transcription/test-queue-runner.ts', 'queue-runner');
}
