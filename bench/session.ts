/**
 * npm run bench:session — prints (never asserts) what a whole live session costs: the same
 * SessionCapture a station runs for a candidate, with a file camera looping a real face photo
 * (640x480@15 fps, as the e2e stations' STATION_CAMERA_FILE), arecord on a private PulseAudio
 * null sink fed with jfk.wav in a loop (STATION_MIC_DEVICE=pulse in the e2e), the recording on
 * with its sound, and the signal worker with landmarks on every frame, for 60 s
 * (BENCH_SECONDS to change; BENCH_SMOKE=1 or --smoke: 5 s). Budget (issue 17): ≤ 50% of one
 * core in all at 15 fps with 0 frames dropped.
 *
 * CPU is read from /proc before and after the measured stretch (after the models loaded and
 * the devices started): the signal worker is the threads that appeared while it started (its
 * own and any inference threads it made), the station's main side is the rest of this
 * process, and each child (ffmpeg, arecord) is read by its pid; children that ended inside
 * the stretch (thumbnail encoders) come from this process's reaped-children counters.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { seedTestSession } from '../db/test-db';
import { events } from '../db/schema';
import { makeFaceClip, tempFolder } from '../electron/capture/camera-test-media';
import { SessionCapture } from '../electron/capture/session-capture';
import { startTestPulse } from '../electron/capture/test-pulse';
import { systemClock } from '../electron/core/clock';
import { openFolderDatabase } from '../electron/station/station-database';
import { jfkWav } from '../electron/signals/worker/test-audio';
import { announceSmoke, SMOKE, smokeOr } from './smoke';

const smoke = SMOKE || process.argv.includes('--smoke');
if (smoke && !SMOKE) process.env.BENCH_SMOKE = '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (smoke ? 5 : smokeOr(5, 60)));
const FPS = 15;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** utime + stime, in seconds, from a /proc stat line; `children` adds the reaped children's. */
function cpuOf(statFile: string, children = false): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after "(comm) ": utime is field 14, stime 15, cutime 16, cstime 17 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = children
    ? Number(fields[13]) + Number(fields[14])
    : Number(fields[11]) + Number(fields[12]);
  return ticks / TICKS_PER_SECOND;
}

/** The bench's stand-ins for the room (the speaker and its sound server), not the station. */
const HARNESS = new Set(['pulseaudio', 'paplay']);

const threads = (): Set<string> => new Set(readdirSync('/proc/self/task'));

/** This process's living children, by pid, with their command names. */
function children(): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      found.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // It ended between the listing and the read.
    }
  }
  return found;
}

function safeCpu(statFile: string): number | null {
  try {
    return cpuOf(statFile);
  } catch {
    return null;
  }
}

announceSmoke();
const folder = tempFolder('bench-session-');
const clip = makeFaceClip(folder);
const db = openFolderDatabase(folder, path.resolve('db', 'migrations'));
const sessionId = seedTestSession(db);
const pulse = await startTestPulse();
let speaking = true;
const speech = (async () => {
  while (speaking) await pulse.play(jfkWav());
})();

let framesDelivered = 0;
let framesAnalysed = 0;
const threadsBefore = threads();
const sessionStartedAt = systemClock.now();
const capture = await SessionCapture.start({
  db,
  dataDir: folder,
  resourcesDir: path.resolve('resources'),
  workerFile: path.resolve('out', 'station', 'signal-worker.mjs'),
  source: { kind: 'file', path: clip },
  microphone: { device: 'pulse', env: pulse.env },
  sessionId,
  sessionStartedAt,
  clock: systemClock,
  // The station's log lines carry no personal data; the bench has no use for them.
  log: () => undefined,
  signalOptions: { landmarkEvery: 1 },
  onFrame: () => (framesDelivered += 1),
  onSignals: () => (framesAnalysed += 1),
});
capture.setPhase('answering');
const workerThreads = [...threads()].filter((tid) => !threadsBefore.has(tid));
// Let the camera and microphone settle before measuring: their start is not the session.
await sleep(smoke ? 500 : 2000);

const threadCpu = () =>
  workerThreads.reduce((sum, tid) => sum + (safeCpu(`/proc/self/task/${tid}/stat`) ?? 0), 0);
const childrenAtStart = children();
const childCpuStart = new Map(
  [...childrenAtStart.keys()].map((pid) => [pid, safeCpu(`/proc/${pid}/stat`) ?? 0]),
);
const processStart = cpuOf('/proc/self/stat');
const reapedStart = cpuOf('/proc/self/stat', true);
const workerStart = threadCpu();
const delivered0 = framesDelivered;
const analysed0 = framesAnalysed;
const stats0 = capture.signalStats;
const load0 = os.loadavg()[0] ?? 0;
const wallStart = performance.now();
const childCpuLast = new Map<number, { name: string; cpu: number }>();
while (performance.now() - wallStart < SECONDS * 1000) {
  await sleep(500);
  // Children are read as the run goes, so one that ends still counts up to its last reading.
  for (const [pid, name] of children()) {
    const cpu = safeCpu(`/proc/${pid}/stat`);
    if (cpu !== null) childCpuLast.set(pid, { name, cpu });
  }
}
const wallSeconds = (performance.now() - wallStart) / 1000;
const processCpu = cpuOf('/proc/self/stat') - processStart;
const reapedCpu = cpuOf('/proc/self/stat', true) - reapedStart;
const workerCpu = threadCpu() - workerStart;
const delivered = framesDelivered - delivered0;
const analysed = framesAnalysed - analysed0;
const dropped = capture.signalStats.dropped - stats0.dropped;
const living = new Set(children().keys());

speaking = false;
await capture.stop();
await speech;
await pulse.stop();
const otherVoices = db.select().from(events).where(eq(events.type, 'other_voice')).all().length;
const eventCount = db.select().from(events).all().length;
db.$client.close();

const byName = new Map<string, number>();
for (const [pid, { name, cpu }] of childCpuLast) {
  // A child still running is read now; one that ended (and was reaped) counts in `reapedCpu`.
  if (!living.has(pid)) continue;
  const used = cpu - (childCpuStart.get(pid) ?? 0);
  byName.set(name, (byName.get(name) ?? 0) + used);
}
const percent = (cpu: number) => `${((cpu / wallSeconds) * 100).toFixed(1)}%`;
const mainCpu = processCpu - workerCpu;
const station = [...byName].filter(([name]) => !HARNESS.has(name)).sort();
const harness = [...byName].filter(([name]) => HARNESS.has(name)).sort();
const childTotal = station.reduce((sum, [, cpu]) => sum + cpu, 0) + reapedCpu;
const total = processCpu + childTotal;
const expected = wallSeconds * FPS;
console.log(
  `session bench: ${wallSeconds.toFixed(1)} s live session, 640x480@${FPS} fps file camera, ` +
    'PulseAudio microphone (jfk.wav looped), recording with sound, landmarks on every frame',
);
console.log(`  CPU, % of one core (budget: ≤ 50% in all):`);
console.log(`    station main thread side   ${percent(mainCpu)}`);
console.log(`    signal worker (${workerThreads.length} threads) ${percent(workerCpu)}`);
for (const [name, cpu] of station) console.log(`    ${name.padEnd(26)} ${percent(cpu)}`);
console.log(`    ended children (thumbnails) ${percent(reapedCpu)}`);
console.log(`    total                      ${percent(total)}`);
const room = harness.map(([name, cpu]) => `${name} ${percent(cpu)}`).join(', ');
console.log(`    not counted, the bench's own room: ${room}`);
console.log(
  `  load average (1 min) ${load0.toFixed(1)} before, ${os.loadavg()[0]?.toFixed(1)} after, ` +
    `on ${os.cpus().length} cores: on a busy machine the worker gets less than it asks`,
);
console.log(
  `  frames: ${delivered} from the camera (${expected.toFixed(0)} expected at ${FPS} fps), ` +
    `${analysed} analysed = ${(analysed / wallSeconds).toFixed(1)} per second, ` +
    `${dropped} dropped by the busy worker (budget: 0)`,
);
// On a shared machine the worker drops frames; its cost per frame says what 15 fps would take.
const perFrameMs = analysed > 0 ? (workerCpu * 1000) / analysed : NaN;
console.log(
  `  signal worker CPU per analysed frame: ${perFrameMs.toFixed(1)} ms ` +
    `(all ${FPS} fps would take ${((perFrameMs * FPS) / 10).toFixed(1)}% of one core)`,
);
console.log(`  events stored: ${eventCount} (other_voice: ${otherVoices})`);
rmSync(folder, { recursive: true, force: true });
