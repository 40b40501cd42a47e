import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskSpace, NO_ROOM_MESSAGE } from '../core/disk-space';
import { smallDisk, type SmallDisk } from '../core/test-full-disk';
import { DiskWatch } from './disk-watch';

const MiB = 1024 * 1024;

describe('the free-space floor on a real tmpfs', () => {
  let disk: SmallDisk;
  beforeAll(async () => {
    disk = await smallDisk(8 * 1024);
  });
  afterAll(() => disk.close());

  it('stops recording once and tells the candidate below the floor, and records again when space returns', () => {
    const space = new DiskSpace(disk.dir, 2 * MiB);
    const stopped: number[] = [];
    const resumed: number[] = [];
    const told: [number, boolean][] = [];
    const lines: string[] = [];
    let running = [7];
    const watch = new DiskWatch({
      disk: space,
      clock: { now: () => Date.UTC(2026, 0, 1, 9) },
      log: (line) => lines.push(line),
      running: () => running,
      stopRecording: (id) => (stopped.push(id), true),
      resumeRecording: (id) => (resumed.push(id), true),
      tellCandidate: (id, low) => told.push([id, low]),
    });

    expect(watch.check()).toMatchObject({ low: false, problem: null });
    expect(() => space.requireRoom()).not.toThrow();

    disk.fill(1 * MiB);
    const low = watch.check();
    expect(low.low).toBe(true);
    expect(low.reading?.freeBytes).toBeLessThan(2 * MiB);
    expect(low.problem).toMatch(
      /^Only 1\.0 MiB free in the data folder, below the station's floor of 2\.0 MiB since 2026-01-01T09:00:00\.000Z\. New interviews are refused, and the recording of session 7 was stopped/,
    );
    expect(() => space.requireRoom()).toThrow(NO_ROOM_MESSAGE);
    // Later checks do not stop or tell again; a session started meanwhile is told too.
    disk.fill();
    running = [7, 8];
    expect(watch.check().reading?.freeBytes).toBe(0);
    expect(stopped).toEqual([7, 8]);
    expect(told).toEqual([
      [7, true],
      [8, true],
    ]);

    expect(resumed).toEqual([]);
    // Session 8 ended while the disk was full: only 7 records again.
    running = [7];
    disk.free();
    expect(watch.check()).toMatchObject({ low: false, problem: null });
    expect(resumed).toEqual([7]);
    // Once: a later check with room does not start it again.
    watch.check();
    expect(resumed).toEqual([7]);
    expect(told.slice(2)).toEqual([
      [7, false],
      [8, false],
    ]);
    expect(() => space.requireRoom()).not.toThrow();
    expect(lines.join('\n')).toMatch(/below the floor of 2\.0 MiB.*\n.*session 7 stopped/);
    expect(lines.at(-2)).toMatch(/free again; new interviews may start/);
    expect(lines.at(-1)).toBe('disk: recording of session 7 resumed in a new segment.');
  });
});
