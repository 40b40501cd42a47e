import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceRetry } from './device-retry';

describe('DeviceRetry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs off between failed tries and stops once the device is back', async () => {
    const tries: number[] = [];
    let works = false;
    const retry = new DeviceRetry(
      () => {
        tries.push(Date.now());
        return works ? Promise.resolve() : Promise.reject(new Error('still gone'));
      },
      () => {},
      [100, 200, 400],
    );
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(200);
    await vi.advanceTimersByTimeAsync(400);
    works = true;
    await vi.advanceTimersByTimeAsync(400);
    expect(tries.map((t) => t - start)).toEqual([100, 300, 700, 1100]);
    expect(retry.attemptsFailed).toBe(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(tries).toHaveLength(4);
  });

  it('tries no more once cancelled', async () => {
    const tryOnce = vi.fn(() => Promise.reject(new Error('gone')));
    const retry = new DeviceRetry(tryOnce, () => {}, [100]);
    await vi.advanceTimersByTimeAsync(250);
    await retry.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(tryOnce).toHaveBeenCalledTimes(2);
  });
});
