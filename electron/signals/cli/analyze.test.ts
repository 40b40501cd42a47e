import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleForTest } from '../../core/test-bundle';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from './analyze';
import { jfkWav } from '../worker/test-audio';
import { facePhotos } from '../worker/test-media';
import { makeClip } from '../worker/test-video';

const resourcesDir = path.resolve('resources');
const dir = mkdtempSync(path.join(os.tmpdir(), 'analyze-'));
const [sample1 = ''] = facePhotos();
// In sample1 (1920x1280) BlazeFace finds faces at x≈421, 854 and 1492: these crops hold the
// left face alone, and the left and middle faces together.
const oneFace = { x: 235, y: 295, width: 560, height: 420 };
const twoFaces = { x: 300, y: 250, width: 800, height: 600 };

let clip = '';
let gappy = '';
beforeAll(() => {
  // Face gone 2 s, back for 0.6 s, gone 2 s again.
  gappy = makeClip(
    [
      { seconds: 1, image: sample1, crop: oneFace },
      { seconds: 2, image: null },
      { seconds: 0.6, image: sample1, crop: oneFace },
      { seconds: 2, image: null },
      { seconds: 1, image: sample1, crop: oneFace },
    ],
    path.join(dir, 'gappy.mp4'),
  );
  // Face present 4 s, gone 4 s, back 3 s, two faces 5 s, one face 3 s.
  clip = makeClip(
    [
      { seconds: 4, image: sample1, crop: oneFace },
      { seconds: 4, image: null },
      { seconds: 3, image: sample1, crop: oneFace },
      { seconds: 5, image: sample1, crop: twoFaces },
      { seconds: 3, image: sample1, crop: oneFace },
    ],
    path.join(dir, 'scripted.mp4'),
  );
}, 60_000);

describe('analyzeFiles', () => {
  it('finds exactly the scripted events in a clip it has never seen', async () => {
    const result = await analyzeFiles({ video: clip, resourcesDir });
    expect(result.durationMs).toBeCloseTo(19_000, -2);
    expect(result.framesAnalyzed).toBe(285);
    expect(result.events.map((e) => e.type)).toEqual(['no_face', 'multiple_faces']);
    const [noFace, several] = result.events;
    expect(Math.abs((noFace?.startMs ?? 0) - 4000)).toBeLessThanOrEqual(500);
    expect(Math.abs((noFace?.endMs ?? 0) - 8000)).toBeLessThanOrEqual(500);
    expect(Math.abs((several?.startMs ?? 0) - 11_000)).toBeLessThanOrEqual(500);
    expect(Math.abs((several?.endMs ?? 0) - 16_000)).toBeLessThanOrEqual(500);
    expect(result.summary.facePresentPercent).toBeCloseTo((15 / 19) * 100, 0);
    expect(result.summary.eventsByType).toEqual({ no_face: 1, multiple_faces: 1 });
    // A still photo never blinks, and this face looks at the camera.
    expect(result.summary.blinksPerMinute).toBe(0);
    expect(result.summary.lookingAwayMs).toBe(0);
    // Video only: no audio results.
    expect(result.speech).toEqual([]);
    expect(result.summary.speakingRatio).toBeNull();
  });

  it('closes a visual event at the end of the video even when the audio runs on', async () => {
    const short = makeClip(
      [
        { seconds: 2, image: sample1, crop: oneFace },
        { seconds: 2, image: null },
      ],
      path.join(dir, 'short.mp4'),
    );
    const result = await analyzeFiles({ video: short, audio: jfkWav(), resourcesDir });
    expect(result.durationMs).toBeCloseTo(11_000, -2);
    // JFK speaks over the still photo (other_voice) only while the face is in view.
    const voices = result.events.filter((e) => e.type === 'other_voice');
    for (const voice of voices) expect(voice.endMs).toBeLessThanOrEqual(2000);
    const visual = result.events.filter((e) => e.type !== 'other_voice');
    expect(visual).toHaveLength(1);
    expect(visual[0]).toMatchObject({ type: 'no_face' });
    expect(visual[0]?.endMs).toBeCloseTo(4000, -2);
  });

  it('merges, splits or drops events by the debouncing it is given', async () => {
    const noFace = async (debounce?: { minDurationMs?: number; mergeGapMs?: number }) => {
      const result = await analyzeFiles({
        video: gappy,
        resourcesDir,
        landmarkEvery: 0,
        thresholds: debounce ? { debounce: { no_face: debounce } } : undefined,
      });
      return result.events.map((e) => [
        Math.round(e.startMs / 500) / 2,
        Math.round(e.endMs / 500) / 2,
      ]);
    };
    // By default a 0.6 s glimpse of the face is long enough to split the absence in two...
    expect(await noFace()).toEqual([
      [1, 3],
      [3.5, 5.5],
    ]);
    // ...a station that bridges 1 s gaps sees one absence...
    expect(await noFace({ mergeGapMs: 1000 })).toEqual([[1, 5.5]]);
    // ...and one that only reports absences of 2.5 s or more sees none.
    expect(await noFace({ minDurationMs: 2500 })).toEqual([]);
  });

  it('gives speech and no vision results for audio only', async () => {
    const result = await analyzeFiles({ audio: jfkWav(), resourcesDir });
    expect(result.framesAnalyzed).toBe(0);
    expect(result.events).toEqual([]);
    expect(result.summary.facePresentPercent).toBeNull();
    expect(result.speech).toHaveLength(4);
    expect(result.speech[0]?.startMs).toBeLessThan(400);
    expect(result.summary.speakingRatio).toBeGreaterThan(0.6);
  });
});

describe('npm run analyze', () => {
  // Inside the repo, so the bundle finds node_modules and resources/ as the real one does.
  let cli = '';
  beforeAll(async () => {
    cli = await bundleForTest('electron/signals/cli/analyze-cli.ts', 'analyze-cli');
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
    });

  it('writes the report in the documented shape', () => {
    const out = path.join(dir, 'report.json');
    const done = run('--video', clip, '--audio', jfkWav(), '--out', out);
    expect(done.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      ['durationMs', 'events', 'framesAnalyzed', 'speech', 'summary'].sort(),
    );
    // JFK's voice over the still photos is also speech while the mouth is still.
    const all = report.events as { type: string }[];
    const voices = all.filter((e) => e.type === 'other_voice');
    expect(voices.length).toBeGreaterThan(0);
    expect(done.stderr).toContain(`${all.length} events, 4 speech segments`);
    expect(all.filter((e) => e.type !== 'other_voice')).toEqual([
      {
        type: 'no_face',
        startMs: expect.any(Number),
        endMs: expect.any(Number),
        severity: 'medium',
      },
      {
        type: 'multiple_faces',
        startMs: expect.any(Number),
        endMs: expect.any(Number),
        severity: 'high',
      },
    ]);
  });

  const SUMMARY_KEYS = [
    'blinksPerMinute',
    'durationMs',
    'eventsByType',
    'facePresentPercent',
    'framesAnalyzed',
    'lookingAwayMs',
    'multipleFacesPercent',
    'speakingRatio',
  ];
  type Report = {
    framesAnalyzed: number;
    events: { type: string }[];
    speech: unknown[];
    summary: Record<string, unknown>;
  };
  const readReport = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Report;

  it('reports speech and no vision results for audio only', () => {
    const out = path.join(dir, 'audio-only.json');
    const done = run('--audio', jfkWav(), '--out', out);
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('0 events, 4 speech segments');
    const report = readReport(out);
    expect(report.framesAnalyzed).toBe(0);
    expect(report.events).toEqual([]);
    expect(report.speech).toHaveLength(4);
    for (const segment of report.speech) {
      expect(segment).toEqual({ startMs: expect.any(Number), endMs: expect.any(Number) });
      const { startMs, endMs } = segment as { startMs: number; endMs: number };
      expect(Number.isInteger(startMs) && endMs > startMs && endMs <= 11_100).toBe(true);
    }
    expect(Object.keys(report.summary).sort()).toEqual(SUMMARY_KEYS);
    expect(report.summary).toMatchObject({
      framesAnalyzed: 0,
      facePresentPercent: null,
      multipleFacesPercent: null,
      lookingAwayMs: null,
      blinksPerMinute: null,
      eventsByType: {},
    });
    expect(report.summary.speakingRatio).toBeGreaterThan(0.6);
  });

  it('reports vision and no speech results for video only, landmarks at the rate asked', () => {
    const out = path.join(dir, 'video-only.json');
    expect(run('--video', gappy, '--out', out).status).toBe(0);
    const report = readReport(out);
    expect(report.framesAnalyzed).toBe(99);
    expect(report.events.map((e) => e.type)).toEqual(['no_face', 'no_face']);
    expect(report.speech).toEqual([]);
    expect(Object.keys(report.summary).sort()).toEqual(SUMMARY_KEYS);
    expect(report.summary).toMatchObject({ speakingRatio: null, eventsByType: { no_face: 2 } });
    // A still photo never blinks: measured, so 0 rather than unknown.
    expect(report.summary.blinksPerMinute).toBe(0);

    // Without landmarks, eyes and head pose are unknown, not zero.
    const plain = path.join(dir, 'no-landmarks.json');
    expect(run('--video', gappy, '--landmark-every', '0', '--out', plain).status).toBe(0);
    expect(readReport(plain).summary).toMatchObject({ blinksPerMinute: null, lookingAwayMs: null });
    const wrong = run('--video', gappy, '--landmark-every', '99', '--out', plain);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--landmark-every: .*15/);
  });

  it('documents every flag it takes', () => {
    const usage = run('--video').stderr;
    for (const flag of [
      '--video',
      '--audio',
      '--thresholds',
      '--fps',
      '--landmark-every',
      '--out',
    ]) {
      expect(usage).toContain(flag);
    }
  });

  it('re-analyses with changed thresholds', () => {
    // The woman on the left of sample2 is in profile: looking away, by the default thresholds.
    const profile = { x: 165, y: 33, width: 700, height: 525 };
    const turned = makeClip(
      [{ seconds: 3, image: facePhotos()[1] ?? '', crop: profile }],
      path.join(dir, 'profile.mp4'),
    );
    const report = (file: string) =>
      JSON.parse(readFileSync(file, 'utf8')) as { events: { type: string }[] };
    const byDefault = path.join(dir, 'default.json');
    expect(run('--video', turned, '--out', byDefault).status).toBe(0);
    expect(report(byDefault).events.map((e) => e.type)).toContain('looking_away');

    const lenient = path.join(dir, 'lenient.json');
    writeFileSync(
      lenient,
      JSON.stringify({ maxPitch: 90, maxYaw: 90, maxRoll: 90, maxGazeX: 1, maxGazeY: 1 }),
    );
    const relaxed = path.join(dir, 'relaxed.json');
    expect(run('--video', turned, '--thresholds', lenient, '--out', relaxed).status).toBe(0);
    expect(report(relaxed).events.map((e) => e.type)).not.toContain('looking_away');

    const typo = path.join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ maxYawn: 90 }));
    const refused = run('--video', turned, '--thresholds', typo, '--out', path.join(dir, 'z.json'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/typo\.json is not a thresholds file — /);
  });

  it('explains usage mistakes and unreadable files', () => {
    const noOut = run('--video', clip);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/--out FILE\.json/);
    const nothing = run('--out', path.join(dir, 'x.json'));
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('Give --video, --audio, or both.');
    const missing = run('--video', path.join(dir, 'nope.mp4'), '--out', path.join(dir, 'y.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.mp4 was not found/);
  });
});
