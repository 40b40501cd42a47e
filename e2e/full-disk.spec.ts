import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import { answers, media, sessionSegments } from '../db/schema';
import { NO_ROOM_MESSAGE } from '../electron/core/disk-space';
import { smallDisk, type SmallDisk } from '../electron/core/test-full-disk';
import { checkInAndConsent } from './fixtures/candidate';
import { connectClient, staffSignInToken } from './fixtures/client';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { faceCamera, probeSeconds } from './fixtures/media';
import { demoCode, recruiterLogin, startStation, type RunningStation } from './fixtures/station';
import { expect, test } from './fixtures/test';

// A real tmpfs of 8 MiB, filled to the last byte; the station's floor is 2 MiB.
const DISK_KIB = 8192;
const FLOOR = { STATION_MIN_FREE_MB: '2' };
// With a camera: a floor the recording cannot cross between two checks (every 5 s).
const CAMERA_FLOOR = { STATION_MIN_FREE_MB: '8' };

/** A copy of the station's database files out of the tmpfs, opened where SQLite can. */
function copyOut(disk: SmallDisk) {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'station-full-disk-copy-'));
  cpSync(path.join(disk.dir, 'data'), copy, { recursive: true, filter: (f) => !/media/.test(f) });
  return openStationDb(copy);
}

const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

test('on a full disk the station keeps running and every acknowledged answer, refuses new interviews, and resumes when space returns', async ({
  page,
  dataDir,
}) => {
  test.setTimeout(180_000);
  const typed = ['First answer, before the disk filled.', 'Second answer.', 'Third answer.'];
  const { accessCode } = seedE2eInterview(
    dataDir,
    [1, 2, 3, 4].map(() => ({ type: 'text' as const, readingSeconds: 5, answerSeconds: 170 })),
  );
  const disk = await smallDisk(DISK_KIB);
  const started: RunningStation[] = [];
  const inside = path.join(disk.mountPoint, 'data');
  const start = async () => {
    const station = await startStation(inside, FLOOR, disk.spawn);
    started.push(station);
    return station;
  };
  try {
    cpSync(dataDir, path.join(disk.dir, 'data'), { recursive: true });
    let station = await start();
    const staffToken = await staffSignInToken(station.url, recruiterLogin(station));
    const { client, close } = connectClient(station.url);

    await checkInAndConsent(page, station.url, accessCode);
    const box = page.getByRole('textbox', { name: 'Your answer' });
    for (const [index, text] of typed.entries()) {
      await expect(page.getByText(`Question ${index + 1} of 4`)).toBeVisible();
      await page.getByRole('button', { name: 'I am ready to answer' }).click();
      await box.fill(text);
      await expect(page.getByText(/^Saved at/)).toBeVisible();
      await page.getByRole('button', { name: 'Submit answer' }).click();
    }
    await expect(page.getByText('Question 4 of 4')).toBeVisible();
    await page.getByRole('button', { name: 'I am ready to answer' }).click();
    const draftBefore = 'A draft the station acknowledged';
    await box.fill(draftBefore);
    await expect(page.getByText(/^Saved at/)).toBeVisible();

    // To the last byte.
    const filler = disk.fill();
    expect(freeBytes(disk.dir)).toBe(0);
    const fullAt = Date.now();

    // A draft that cannot be saved is refused to the page, calmly, not swallowed.
    await box.fill(`${draftBefore}, and more typed once the disk was full ${'x'.repeat(8000)}`);
    await expect(
      page.getByText(/^Not saved: The station could not save that just now/),
    ).toBeVisible();
    // The candidate is told calmly; the interview goes on.
    await expect(page.getByText(/short of storage space/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Question 4 of 4')).toBeVisible();

    // Staff are told precisely.
    const diagnostics = await client.monitor.diagnostics.query({ token: staffToken });
    expect(diagnostics.disk).toMatchObject({
      low: true,
      freeBytes: 0,
      floorBytes: 2 * 1024 * 1024,
    });
    expect(diagnostics.disk?.problem).toMatch(
      /below the station's floor of 2\.0 MiB.*New interviews are refused/,
    );

    // No new interview below the floor: refused before the code is even looked at.
    await expect(client.candidate.checkIn.mutate({ code: demoCode(station) })).rejects.toThrow(
      NO_ROOM_MESSAGE,
    );

    // Heartbeats (every second) and disk checks (every 5 s) all met the full disk meanwhile.
    while (Date.now() - fullAt < 15_000) await page.waitForTimeout(500);
    const keptRunningMs = Date.now() - fullAt;
    expect(station.process.exitCode).toBeNull();
    expect(station.process.signalCode).toBeNull();
    // Every failing write was one the station expected: the last-resort net caught nothing.
    expect(station.output.join('\n')).not.toContain('a write failed and the station carries on');
    expect(station.output.join('\n')).toContain('below the floor of 2.0 MiB');

    // Space returns: the notice goes, drafts save again, new interviews may check in.
    disk.free();
    await expect(page.getByText(/short of storage space/)).toHaveCount(0, { timeout: 15_000 });
    const draftAfter = `${draftBefore}, finished once space returned.`;
    await box.fill(draftAfter);
    await expect(page.getByText(/^Saved at/)).toBeVisible();
    const diagnosticsAfter = await client.monitor.diagnostics.query({ token: staffToken });
    expect(diagnosticsAfter.disk).toMatchObject({ low: false, problem: null });
    const nextCandidate = await client.candidate.checkIn.mutate({ code: demoCode(station) });
    expect(nextCandidate.token).toBeTruthy();
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
    close();
    await station.stop();
    expect(station.process.exitCode).toBe(0);

    const db = copyOut(disk);
    const stored = db.select().from(answers).orderBy(asc(answers.position)).all();
    db.$client.close();
    expect(stored.map((a) => a.text)).toEqual([...typed, draftAfter]);

    // Restarting on a disk that is still full says so, not "restore from a backup".
    disk.fill();
    const refused = await start().then(
      () => 'started',
      (error: unknown) => String(error),
    );
    expect(refused).toMatch(/disk holding the station (database|data folder).* is full/);
    expect(refused).not.toContain('could not be updated to this version');
    disk.free();
    station = await start();
    await station.stop();

    console.log(
      `tmpfs of ${DISK_KIB / 1024} MiB filled (${filler} filler bytes, 0 free): station kept ` +
        `running ${(keptRunningMs / 1000).toFixed(1)} s; answers acknowledged before = ` +
        `${typed.length} + 1 draft, all ${stored.length} present after space returned; ` +
        'restart on the full disk refused with the full-disk sentence.',
    );
  } catch (error) {
    for (const station of started) console.log(`station output:\n${station.output.join('\n')}`);
    throw error;
  } finally {
    for (const station of started.reverse()) await station.stop();
    await disk.close();
  }
});

test('with a camera, a full disk stops the recording cleanly and the interview goes on', async ({
  page,
  dataDir,
}) => {
  test.setTimeout(180_000);
  const clips = mkdtempSync(path.join(os.tmpdir(), 'station-full-disk-camera-'));
  const camera = faceCamera(clips, [[4, true]]);
  const { accessCode } = seedE2eInterview(dataDir, [
    { type: 'text', readingSeconds: 5, answerSeconds: 170 },
    { type: 'text', readingSeconds: 5, answerSeconds: 170 },
  ]);
  const disk = await smallDisk(32 * 1024);
  let station: RunningStation | null = null;
  try {
    cpSync(dataDir, path.join(disk.dir, 'data'), { recursive: true });
    station = await startStation(
      path.join(disk.mountPoint, 'data'),
      { ...CAMERA_FLOOR, STATION_CAMERA_FILE: camera, STATION_MIC_DEVICE: 'none' },
      disk.spawn,
    );
    const staffToken = await staffSignInToken(station.url, recruiterLogin(station));
    const { client, close } = connectClient(station.url);
    await checkInAndConsent(page, station.url, accessCode);
    await page.getByRole('button', { name: 'I am ready to answer' }).click();
    const box = page.getByRole('textbox', { name: 'Your answer' });
    await box.fill('Answered while the camera recorded.');
    await expect(page.getByText(/^Saved at/)).toBeVisible();
    // Let the recording, signal frames and evidence grow on the disk for a moment.
    await page.waitForTimeout(3000);

    // Below the floor, with room left: the check stops the recording cleanly (ffmpeg
    // finalises its file, the recording's end is stored) and the interview goes on.
    disk.fill(4 * 1024 * 1024);
    await expect(page.getByText(/short of storage space/)).toBeVisible({ timeout: 15_000 });
    const diagnostics = await client.monitor.diagnostics.query({ token: staffToken });
    expect(diagnostics.disk?.problem).toMatch(/the recording of session \d+ was stopped/);
    await expect
      .poll(() => station?.output.join('\n'), { timeout: 15_000 })
      .toMatch(/recording of session \d+ stopped for lack of space/);
    await page.waitForTimeout(3000);
    const closed = copyOut(disk);
    const stopped = closed.select().from(media).where(eq(media.kind, 'recording')).all();
    closed.$client.close();
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.endMs).not.toBeNull();
    const recordingFile = path.join(disk.dir, 'data', stopped[0]?.relativePath ?? '');
    const recordedSeconds = probeSeconds(recordingFile);
    expect(recordedSeconds).toBeGreaterThan(2);

    // Then to the last byte: nothing is recording any more, but the heartbeat, drafts and
    // whatever else writes meet SQLITE_FULL and ENOSPC.
    disk.fill();
    const fullAt = Date.now();
    while (Date.now() - fullAt < 15_000) await page.waitForTimeout(500);
    const keptRunningMs = Date.now() - fullAt;
    expect(station.process.exitCode).toBeNull();
    const output = station.output.join('\n');
    expect(output).toMatch(/recording of session \d+ stopped for lack of space/);
    expect(output).not.toContain('a write failed and the station carries on');

    disk.free();
    await expect(page.getByText(/short of storage space/)).toHaveCount(0, { timeout: 15_000 });
    await expect
      .poll(() => station?.output.join('\n'), { timeout: 15_000 })
      .toMatch(/recording of session \d+ resumed in a new segment/);
    await page.getByRole('button', { name: 'Submit answer' }).click();
    await page.getByRole('button', { name: 'I am ready to answer' }).click();
    await box.fill('Answered after space returned, recorded again.');
    // Let the resumed recording run a moment.
    await page.waitForTimeout(3000);
    await expect(page.getByText(/^Saved at/)).toBeVisible();
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
    close();
    await station.stop();
    expect(station.process.exitCode).toBe(0);

    const db = copyOut(disk);
    const stored = db.select().from(answers).orderBy(asc(answers.position)).all();
    const recordings = db
      .select()
      .from(media)
      .where(eq(media.kind, 'recording'))
      .orderBy(asc(media.startMs))
      .all();
    const segments = db.select().from(sessionSegments).orderBy(asc(sessionSegments.ordinal)).all();
    db.$client.close();
    // The recording ended when the floor was crossed, and a second one in a new segment that
    // started once space returned: the gap between them stays visible.
    expect(recordings).toHaveLength(2);
    expect(recordings[0]).toEqual(stopped[0]);
    const [first, second] = recordings;
    expect(second?.startMs ?? 0).toBeGreaterThan(first?.endMs ?? Infinity);
    expect(second?.endMs).not.toBeNull();
    expect(second?.segmentId).not.toBe(first?.segmentId);
    expect(segments.map((s) => s.id)).toEqual([first?.segmentId, second?.segmentId]);
    const resumedSeconds = probeSeconds(path.join(disk.dir, 'data', second?.relativePath ?? ''));
    expect(resumedSeconds).toBeGreaterThan(2);
    expect(stored.map((a) => a.text)).toEqual([
      'Answered while the camera recorded.',
      'Answered after space returned, recorded again.',
    ]);
    console.log(
      `camera on a 32 MiB tmpfs: below the 8 MiB floor the recording stopped cleanly ` +
        `(${recordedSeconds.toFixed(1)} s playable; recorded again once space returned: ` +
        `${resumedSeconds.toFixed(1)} s; ${recordings.map((r) => `${r.startMs}–${r.endMs} ms`).join(', ')}); ` +
        `then filled to the last byte, the station kept running ${(keptRunningMs / 1000).toFixed(1)} s; ` +
        `${stored.length} answers stored.`,
    );
  } catch (error) {
    console.log(`station output:\n${station?.output.join('\n') ?? '(none)'}`);
    if (station?.process.pid) {
      console.log(
        execFileSync('ps', [
          '-L',
          '-o',
          'pid,tid,stat,pcpu,wchan:30,cmd',
          '-p',
          String(station.process.pid),
        ]).toString(),
      );
    }
    throw error;
  } finally {
    await station?.stop();
    await disk.close();
  }
});
