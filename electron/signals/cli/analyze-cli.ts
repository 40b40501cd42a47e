/**
 * npm run analyze -- --video FILE [--audio FILE.wav] --out FILE.json
 * Runs the proctoring pipeline over recorded files and writes the events, speech segments and
 * summary as JSON. A file has no reading phase, so speech during reading never shows here.
 * Progress goes to stderr; the exit code is 0 on success, 2 for a usage mistake, 1 when the
 * files could not be analysed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCliArgs, readJsonInput } from '../../core/cli-args';
import { z } from 'zod';
import { analyzeFiles, type AnalysisResult } from './analyze';
import { thresholdOverridesSchema, type ThresholdOverrides } from '../worker/thresholds';

const USAGE = `Usage: npm run analyze -- --video FILE [--audio FILE.wav] [--thresholds FILE.json]
         [--fps N] [--landmark-every N] --out FILE.json
  --video FILE           a recording; frames are analysed for faces, eyes, head pose and gaze
  --audio FILE.wav       its sound (or any audio file ffmpeg reads); voice activity and speech
  --thresholds FILE.json changes to the signal thresholds and debouncing, as in the station
                         setting signals.thresholds (unknown keys are refused)
  --fps N                analysed frames per second, 1-60 (default 15, as live sessions)
  --landmark-every N     face landmarks on every Nth analysed frame, 0-15; 0 turns them off
                         (default 2, as live sessions)
  --out FILE.json        where to write the events, speech segments and summary`;
// Built to out/cli/analyze.mjs: the bundled models are two folders up, unless told otherwise.
const resourcesDir =
  process.env.STATION_RESOURCES ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');

const argsSchema = z
  .object({
    video: z.string().min(1).optional(),
    audio: z.string().min(1).optional(),
    out: z.string().min(1, 'Say where to write the result with --out FILE.json.'),
    fps: z.coerce.number().int().min(1).max(60).optional(),
    'landmark-every': z.coerce.number().int().min(0).max(15).optional(),
    thresholds: z.string().min(1).optional(),
  })
  .refine((a) => a.video || a.audio, { message: 'Give --video, --audio, or both.' });

/** The JSON written to --out: event types as the station stores them. */
export function toReport(result: AnalysisResult) {
  return {
    durationMs: Math.round(result.durationMs),
    framesAnalyzed: result.framesAnalyzed,
    events: result.events.map(({ type, startMs, endMs, severity }) => ({
      type,
      startMs: Math.round(startMs),
      endMs: Math.round(endMs),
      severity,
    })),
    speech: result.speech.map(({ startMs, endMs }) => ({
      startMs: Math.round(startMs),
      endMs: Math.round(endMs),
    })),
    summary: result.summary,
  };
}

async function main(): Promise<number> {
  const args = readCliArgs(
    argsSchema,
    ['video', 'audio', 'out', 'fps', 'landmark-every', 'thresholds'],
    USAGE,
  );
  if (!args) return 2;
  const started = Date.now();
  try {
    const thresholds = args.thresholds ? readThresholds(args.thresholds) : undefined;
    const result = await analyzeFiles({
      video: args.video,
      audio: args.audio,
      fps: args.fps,
      landmarkEvery: args['landmark-every'],
      thresholds,
      resourcesDir,
      onProgress: ({ stage, mediaMs }) =>
        process.stderr.write(`\r${stage}: ${(mediaMs / 1000).toFixed(0)} s analysed`),
    });
    writeFileSync(args.out, `${JSON.stringify(toReport(result), null, 2)}\n`);
    process.stderr.write('\n');
    console.error(
      `Analysed ${(result.durationMs / 1000).toFixed(1)} s of media in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s: ${result.events.length} events, ` +
        `${result.speech.length} speech segments → ${args.out}`,
    );
    return 0;
  } catch (error) {
    console.error(`\nCould not analyse: ${(error as Error).message}`);
    return 1;
  }
}

/** Reads a thresholds file, refusing unknown keys and out-of-range values by name. */
function readThresholds(file: string): ThresholdOverrides {
  return readJsonInput(file, thresholdOverridesSchema, 'a thresholds file');
}

process.exitCode = await main();
