import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDisk, type SmallDisk } from '../core/test-full-disk';
import { fullDiskNet } from './full-disk-net';

/** The error a real write throws on a disk with no byte left. */
function thrownBy(write: () => void): Error {
  try {
    write();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the write did not fail');
}

describe('fullDiskNet', () => {
  let disk: SmallDisk;
  beforeAll(async () => {
    disk = await smallDisk(4 * 1024);
  });
  afterAll(() => disk.close());

  it('logs a real ENOSPC and SQLITE_FULL in one line and carries on; anything else fails', () => {
    // SQLite resolves /proc/<pid>/root to the host's root, so its file could not live on the
    // small disk from here: a page-count cap makes SQLite itself answer SQLITE_FULL.
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma('max_page_count = 16');
    disk.fill();
    const enospc = thrownBy(() => writeFileSync(path.join(disk.dir, 'more'), Buffer.alloc(65536)));
    const sqliteFull = thrownBy(() => {
      for (let i = 0; i < 1000; i += 1)
        db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(65536));
    });
    db.close();
    disk.free();

    const lines: string[] = [];
    const failed: Error[] = [];
    const net = fullDiskNet(
      (line) => lines.push(line),
      (error) => failed.push(error),
    );
    net(enospc);
    net(sqliteFull);
    expect(failed).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^The disk is full; a write failed and the station carries on: .*ENOSPC/,
    );
    expect(lines[1]).toMatch(/carries on: .*(full|SQLITE_FULL)/i);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);

    const other = new TypeError('x is not a function');
    net(other);
    expect(failed).toEqual([other]);
    expect(lines).toHaveLength(2);
  });
});
