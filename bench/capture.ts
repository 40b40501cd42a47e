/**
 * npm run bench:capture — prints (never asserts) what the camera service costs and delivers
 * at 640x480@15 fps with the recording on (picture and the microphone's sound), from a file
 * camera looping a clip of a real face photo and arecord on a private PulseAudio null sink
 * fed with jfk.wav in a loop, for 60 s (BENCH_SECONDS to shorten; BENCH_SMOKE=1: 3 s). Budget: capture stack
 * (ffmpeg + arecord + Node) ≤ 25% of one core, ≥ 99% of frames delivered.
 *
 * When a preview left ffmpeg cannot be seen from Node, so preview latency is printed three
 * ways: the interval between preview arrivals (10 fps taken from 15 fps alternates 67 and
 * 133 ms), the age of the latest preview at sample times (what the renderer would show), and
 * each preview's arrival after the stamp of the frame it shows (the raw-frame clock, so the
 * raw pipe's own latency is not in it). ffmpeg's decode of the clip stands in for a camera's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCamera } from '../electron/capture/camera';
import { makeFaceClip, tempFolder } from '../electron/capture/camera-test-media';
import { startMicrophone } from '../electron/capture/microphone';
import { probeRecording } from '../electron/capture/recording';
import { startTestPulse } from '../electron/capture/test-pulse';
import { jfkWav } from '../electron/signals/worker/test-audio';
import { announceSmoke, smokeOr } from './smoke';

const SECONDS = Number(process.env.BENCH_SECONDS ?? smokeOr(3, 60));
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm) ": state is field 3, utime 14 and stime 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `mean ${mean.toFixed(0)} ms, median ${at(0.5).toFixed(0)}, p95 ${at(0.95).toFixed(0)}, max ${at(1).toFixed(0)}`;
}

announceSmoke();
const folder = tempFolder('bench-capture-');
// The tests' 3 s clip; over 15 s a 10 s clip delivered the same frame count, so the loop
// joins cost nothing measurable.
const clip = makeFaceClip(folder);
const recordingFile = path.join(folder, 'session.mp4');

const t0 = performance.now();
const clock = () => performance.now() - t0;
const previewArrivals: number[] = [];
const camera = await startCamera({
  source: { kind: 'file', path: clip },
  recordingFile,
  // BENCH_AUDIO=0: picture only, to see what muxing the sound costs.
  recordAudio: process.env.BENCH_AUDIO !== '0',
  clock,
  onPreview: () => previewArrivals.push(clock()),
});
const pulse = await startTestPulse();
const microphone = await startMicrophone({
  device: 'pulse',
  env: pulse.env,
  clock,
  onChunk: (chunk) => camera.pushAudio(chunk),
});
let speaking = true;
const speech = (async () => {
  while (speaking) await pulse.play(jfkWav());
})();

const ffmpegCpuStart = processCpuSeconds(camera.pid);
const micCpuStart = processCpuSeconds(microphone.pid);
const nodeCpuStart = process.cpuUsage();
const wallStart = performance.now();
const previewAges: number[] = [];
const previewLags: number[] = [];
const frameLags: number[] = [];
// Sample at a period that does not divide the preview period, so ages spread over it.
const samplePeriodMs = 237;
while (performance.now() - wallStart < SECONDS * 1000) {
  await sleep(samplePeriodMs);
  const { previewAgeMs, previewLagMs, frameLagMs } = camera.stats;
  if (previewAgeMs !== null) previewAges.push(previewAgeMs);
  if (previewLagMs !== null) previewLags.push(previewLagMs);
  if (frameLagMs !== null) frameLags.push(frameLagMs);
}
const wallSeconds = (performance.now() - wallStart) / 1000;
const ffmpegCpu = processCpuSeconds(camera.pid) - ffmpegCpuStart;
const micCpu = processCpuSeconds(microphone.pid) - micCpuStart;
const nodeUsage = process.cpuUsage(nodeCpuStart);
const nodeCpu = (nodeUsage.user + nodeUsage.system) / 1e6;
const stats = camera.stats;
speaking = false;
await camera.stop();
await microphone.stop();
await speech;
await pulse.stop();
const recording = await probeRecording(recordingFile);
const streams = execFileSync('ffprobe', [
  '-v',
  'error',
  '-show_entries',
  'stream=codec_name',
  '-of',
  'csv=p=0',
  recordingFile,
])
  .toString()
  .trim()
  .split('\n');

const percent = (cpuSeconds: number) => `${((cpuSeconds / wallSeconds) * 100).toFixed(1)}%`;
const intervals = previewArrivals.slice(1).map((t, i) => t - (previewArrivals[i] ?? t));
console.log(
  `capture bench: ${wallSeconds.toFixed(1)} s at 640x480@15 fps, preview 10 fps, recording on with sound`,
);
console.log(`  source: ${clip} looped with -re`);
console.log(
  `  CPU, % of one core: ffmpeg ${percent(ffmpegCpu)} + arecord ${percent(micCpu)} + Node ${percent(nodeCpu)}` +
    ` = ${percent(ffmpegCpu + micCpu + nodeCpu)}  (budget 25%)`,
);
console.log(
  `  frames: ${stats.framesDelivered} delivered / ${stats.framesExpected} expected` +
    ` = ${((stats.framesDelivered / stats.framesExpected) * 100).toFixed(1)}%  (budget ≥ 99%)`,
);
console.log(`  frame arrival after its stamp: ${summary(frameLags)}`);
console.log(
  `  previews: ${stats.previewsDelivered}; interval between arrivals: ${summary(intervals)}`,
);
console.log(
  `  age of the latest preview when sampled every ${samplePeriodMs} ms: ${summary(previewAges)}`,
);
console.log(
  `  preview arrival after its frame's stamp (vs the raw-frame path): ${summary(previewLags)}`,
);
console.log(
  `  recording: ${streams.join(' + ')} ${recording.width}x${recording.height},` +
    ` ${recording.durationSeconds.toFixed(2)} s, ${(statSync(recordingFile).size / 1e6).toFixed(1)} MB`,
);
rmSync(folder, { recursive: true, force: true });
