import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { answers, media } from '../../db/schema';
import { systemClock } from '../core/clock';
import { bundleForTest } from '../core/test-bundle';
import { agreeToNotice } from '../domain/test-consent';
import { SessionRunner } from '../domain/session-runner';
import { markInterrupted } from '../domain/session-store';
import { loadSessionDetail } from '../review/session-detail';
import { AnswerRecorder } from './answer-recorder';
import { tempFolder } from './camera-test-media';
import { SAMPLE_RATE } from './microphone';
import { recoverInterruptedTakes } from './take-recovery';
import { crashMidTake, quietHooks, writeSessionRecording } from './test-crashed-take';

let writerScript = '';
const folders: string[] = [];
const dbs: Db[] = [];

beforeAll(async () => {
  // The writer runs as a real second process, built like the station's bundles.
  writerScript = await bundleForTest('electron/capture/test-take-writer.ts', 'take-writer');
}, 60_000);

afterAll(() => {
  for (const db of dbs) db.$client.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = tempFolder('take-recovery-test-');
  folders.push(folder);
  return folder;
}

/** What ffprobe reads: the duration and the first stream's codec. */
function probe(file: string): { seconds: number; codec: string } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  const parsed = JSON.parse(out) as {
    format: { duration: string };
    streams: { codec_name: string }[];
  };
  return { seconds: Number(parsed.format.duration), codec: parsed.streams[0]?.codec_name ?? '' };
}

function mediaRows(db: Db) {
  return db.select().from(media).all();
}

describe('an answer take cut off by SIGKILL', () => {
  it('is given back at start, header repaired, and review lists it before the take after the resume', async () => {
    const dataDir = dataFolder();
    const crash = await crashMidTake({ writerScript, dataDir, kind: 'audio', seconds: 3.2 });
    const { db, sessionId, interviewId, take } = crash;
    dbs.push(db);
    expect(crash.samples).toBe(3.2 * SAMPLE_RATE);
    // What the kill left: every sample on disk, a header saying "empty", and no media row.
    const [orphan] = execFileSync('ls', [path.join(dataDir, 'media', `session-${sessionId}`)], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    const file = path.join(dataDir, 'media', `session-${sessionId}`, orphan ?? '');
    const left = readFileSync(file);
    expect(left.length).toBe(44 + crash.samples * 2);
    expect([left.readUInt32LE(4), left.readUInt32LE(40)]).toEqual([36, 0]);
    expect(mediaRows(db)).toEqual([]);

    const lines: string[] = [];
    const recovered = await recoverInterruptedTakes({ db, dataDir, log: (l) => lines.push(l) });
    console.log(lines.join('\n'));
    expect(recovered).toEqual([
      expect.objectContaining({ answerId: take.answerId, kind: 'answer_audio' }),
    ]);
    const fixed = readFileSync(file);
    expect(fixed.subarray(44)).toEqual(left.subarray(44));
    expect([fixed.readUInt32LE(4), fixed.readUInt32LE(40)]).toEqual([
      36 + crash.samples * 2,
      crash.samples * 2,
    ]);
    expect(probe(file)).toEqual({ seconds: 3.2, codec: 'pcm_s16le' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [part] = recovered;
    // Where its first sample is: the take's start, though the writer began later.
    expect(part?.startMs).toBe(take.startMs);
    expect((part?.endMs ?? 0) - (part?.startMs ?? 0)).toBe(3200);
    // Linked to the answer, which had no media yet.
    const answer = () => db.select().from(answers).where(eq(answers.id, take.answerId)).get();
    expect(answer()?.mediaId).toBe(part?.mediaId);
    // A second start finds nothing more to do.
    expect(await recoverInterruptedTakes({ db, dataDir, log: () => {} })).toEqual([]);
    expect(mediaRows(db)).toHaveLength(1);

    // The candidate resumes and answers 2 s more, recorded in this process by the real recorder.
    const recorder = new AnswerRecorder({
      db,
      dataDir,
      sessionId,
      clock: systemClock,
      log: () => {},
      recording: () => null,
    });
    const runner = new SessionRunner(db, systemClock, () => {}, {
      ...quietHooks(),
      takeStarted: (_id, started) => recorder.start(started),
      takeEnded: (_id, ended, endMs, keep) => recorder.end(ended, endMs, keep),
    });
    runner.resume(sessionId);
    const resumedAt = Date.now() - (db.query.sessions.findFirst().sync()?.startedAt ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    recorder.push({ tMs: resumedAt - 100, samples: new Int16Array(2.2 * SAMPLE_RATE).fill(900) });
    runner.submit(sessionId, 0);
    await recorder.settle();
    runner.close();
    expect(answer()?.status).toBe('submitted');
    expect(answer()?.mediaId).not.toBe(part?.mediaId);

    const [reviewed] = loadSessionDetail(db, interviewId).answers;
    expect(reviewed?.parts).toEqual([
      expect.objectContaining({ mediaId: part?.mediaId, kind: 'audio', beforeInterruption: true }),
      expect.objectContaining({ mediaId: answer()?.mediaId, beforeInterruption: false }),
    ]);
    const seconds = mediaRows(db).map((row) => probe(path.join(dataDir, row.relativePath)).seconds);
    console.log(`parts in review: ${seconds.map((s) => `${s.toFixed(2)} s`).join(' + ')}`);
    expect(seconds[0]).toBe(3.2);
    expect(seconds[1]).toBeGreaterThan(1.9);
    expect(seconds[1]).toBeLessThan(2.5);
  }, 60_000);

  it('of a video answer is cut from the session recording, picture and sound', async () => {
    const dataDir = dataFolder();
    const crash = await crashMidTake({
      writerScript,
      dataDir,
      kind: 'video',
      seconds: 2.5,
      beforeTake: (db, sessionId) => writeSessionRecording(db, dataDir, sessionId, 6),
    });
    const { db, take } = crash;
    dbs.push(db);
    const recovered = await recoverInterruptedTakes({ db, dataDir, log: () => {} });
    expect(recovered).toEqual([
      expect.objectContaining({ answerId: take.answerId, kind: 'answer_video' }),
    ]);
    const row = db
      .select()
      .from(media)
      .where(eq(media.id, recovered[0]?.mediaId ?? -1))
      .get();
    const clip = probe(path.join(dataDir, row?.relativePath ?? ''));
    console.log(`video part cut from the recording: ${clip.seconds.toFixed(2)} s of ${clip.codec}`);
    expect(clip.codec).toBe('h264');
    expect(Math.abs(clip.seconds - 2.5)).toBeLessThan(0.2);
    expect(row?.segmentId).not.toBeNull();
    // Its WAV is dropped, as a finished video take's is; no row points at a missing file.
    expect(mediaRows(db).filter((r) => r.relativePath.endsWith('.wav'))).toEqual([]);
    for (const r of mediaRows(db))
      expect(existsSync(path.join(dataDir, r.relativePath))).toBe(true);
    expect(db.select().from(answers).get()?.mediaId).toBe(row?.id);
    expect(await recoverInterruptedTakes({ db, dataDir, log: () => {} })).toEqual([]);
  }, 60_000);

  it('leaves a take file it cannot understand as it is, and says so once', async () => {
    const dataDir = dataFolder();
    const crash = await crashMidTake({ writerScript, dataDir, kind: 'audio', seconds: 0.5 });
    const { db, sessionId, take } = crash;
    dbs.push(db);
    const folder = path.join(dataDir, 'media', `session-${sessionId}`);
    const garbage = path.join(folder, `answer-${take.answerId}-take-1-1.wav`);
    writeFileSync(garbage, 'not a wave file at all');
    const lines: string[] = [];
    const recovered = await recoverInterruptedTakes({ db, dataDir, log: (l) => lines.push(l) });
    // The real take is recovered; the other file is untouched, with one line about it.
    expect(recovered).toHaveLength(1);
    expect(readFileSync(garbage, 'utf8')).toBe('not a wave file at all');
    expect(lines.filter((l) => l.includes('as it is'))).toEqual([
      expect.stringMatching(/answer-\d+-take-1-1\.wav as it is: no RIFF header/),
    ]);
    expect(mediaRows(db).map((r) => r.relativePath)).not.toContain(path.relative(dataDir, garbage));
  }, 60_000);

  it('is kept too when the station closes mid-answer instead of being killed', async () => {
    const dataDir = dataFolder();
    const db = createTestDb();
    dbs.push(db);
    const { interviewId } = seedTestInterview(db, {
      status: 'checked_in',
      questions: [{ type: 'audio', readingSeconds: 5, answerSeconds: 60 }],
    });
    agreeToNotice(db, interviewId, Date.now());
    const lines: string[] = [];
    let recorder: AnswerRecorder | null = null;
    const runner = new SessionRunner(db, systemClock, () => {}, {
      ...quietHooks(),
      takeStarted: (sessionId, take) => {
        recorder = new AnswerRecorder({
          db,
          dataDir,
          sessionId,
          clock: systemClock,
          log: (l) => lines.push(l),
          recording: () => null,
        });
        recorder.start(take);
        recorder.push({ tMs: take.startMs, samples: new Int16Array(1.5 * SAMPLE_RATE).fill(700) });
      },
    });
    const sessionId = runner.start(interviewId);
    runner.beginAnswering(sessionId, 0);
    // The station closes: the runner stops, capture settles its recorder, the next start comes.
    runner.close();
    await (recorder as AnswerRecorder | null)?.settle();
    expect(lines).toEqual([expect.stringMatching(/cut off after 1\.5 s; the next start keeps it/)]);
    markInterrupted(db);
    const [part] = await recoverInterruptedTakes({ db, dataDir, log: () => {} });
    const row = db
      .select()
      .from(media)
      .where(eq(media.id, part?.mediaId ?? -1))
      .get();
    expect(probe(path.join(dataDir, row?.relativePath ?? ''))).toEqual({
      seconds: 1.5,
      codec: 'pcm_s16le',
    });
    expect(db.select().from(answers).get()?.mediaId).toBe(row?.id);
  });
});
