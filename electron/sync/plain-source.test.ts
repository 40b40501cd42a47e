import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuGovernor, hashStoredFile } from './plain-source';
import { tempDir, writeMediaFile } from './test-sync-fixture';

describe('the CPU limit of sync', () => {
  const dir = tempDir('plain-source-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rests three times as long as it worked at 25 %, and not at all without a limit', async () => {
    const rests: number[] = [];
    const sleep = (ms: number) => {
      rests.push(ms);
      return Promise.resolve();
    };
    let percent = 25;
    const cpu = createCpuGovernor(() => percent, sleep);
    await cpu.rest(10);
    await cpu.rest(1);
    // Under 5 ms owed it waits for more: 1 ms of work owes 3 ms.
    expect(rests).toEqual([30]);
    await cpu.rest(1);
    expect(rests).toEqual([30, 6]);
    percent = 0;
    await cpu.rest(100);
    percent = 100;
    await cpu.rest(100);
    expect(rests).toEqual([30, 6]);
  });

  it('hashes a sealed recording to the same digest under the limit, resting after each part', async () => {
    const key = randomBytes(32);
    const plain = writeMediaFile(dir, 'recording.mp4', 3 * 1024 * 1024 + 17, key);
    const busy: number[] = [];
    const hashed = await hashStoredFile(`${dir}/recording.mp4`, key, {
      rest: (ms) => {
        busy.push(ms);
        return Promise.resolve();
      },
    });
    expect(hashed).toEqual({
      sha256: createHash('sha256').update(plain).digest('hex'),
      size: plain.length,
    });
    // Every part's reading, decrypting and hashing is counted as work.
    expect(busy.length).toBeGreaterThan(1);
    expect(busy.every((ms) => ms > 0)).toBe(true);
  });
});
