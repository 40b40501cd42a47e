import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  decideUpdate,
  inRollout,
  parseVersion,
  stationBucket,
  type UpdatePolicyInput,
} from './update-policy';

const base: UpdatePolicyInput = {
  enabled: true,
  channel: 'latest',
  rolloutPercent: 100,
  stationBucket: 42,
  currentVersion: '1.4.0',
  sessionRunning: false,
  update: { version: '1.5.0' },
  downloaded: false,
};
const decide = (change: Partial<UpdatePolicyInput>) => decideUpdate({ ...base, ...change });

describe('the update policy', () => {
  it('downloads a newer release, installs it between sessions, and waits during one', () => {
    expect(decide({})).toEqual({ action: 'download' });
    expect(decide({ sessionRunning: true })).toEqual({ action: 'download' });
    expect(decide({ downloaded: true })).toEqual({ action: 'install-now' });
    expect(decide({ downloaded: true, sessionRunning: true })).toEqual({
      action: 'wait',
      reason: 'an interview is running',
    });
  });

  it('skips when updates are off, nothing is offered, or the offer is not newer', () => {
    expect(decide({ enabled: false, downloaded: true })).toEqual({
      action: 'skip',
      reason: 'updates are off',
    });
    expect(decide({ update: null })).toMatchObject({ action: 'skip' });
    expect(decide({ update: { version: '1.4.0' } })).toEqual({
      action: 'skip',
      reason: '1.4.0 is not newer than 1.4.0',
    });
    expect(decide({ update: { version: '1.3.9' } })).toMatchObject({ action: 'skip' });
    expect(decide({ update: { version: '1.4.0-rc.1' }, channel: 'beta' })).toMatchObject({
      action: 'skip',
    });
    expect(decide({ update: { version: 'latest' } })).toMatchObject({ action: 'skip' });
  });

  it('gives pre-releases to the beta channel only', () => {
    const beta = { update: { version: '1.5.0-beta.2' } };
    expect(decide(beta)).toEqual({
      action: 'skip',
      reason: '1.5.0-beta.2 is a pre-release (channel latest)',
    });
    expect(decide({ ...beta, channel: 'beta' })).toEqual({ action: 'download' });
    // Stable releases reach the beta channel too.
    expect(decide({ channel: 'beta' })).toEqual({ action: 'download' });
  });

  it('takes IT’s share and the feed’s staging share, whichever is smaller', () => {
    expect(decide({ rolloutPercent: 43 })).toEqual({ action: 'download' });
    expect(decide({ rolloutPercent: 42 })).toEqual({
      action: 'skip',
      reason: 'this station is outside the rollout (42%)',
    });
    expect(decide({ rolloutPercent: 0, stationBucket: 0 })).toMatchObject({ action: 'skip' });
    expect(decide({ update: { version: '1.5.0', stagingPercentage: 10 } })).toMatchObject({
      action: 'skip',
      reason: 'this station is outside the rollout (10%)',
    });
    expect(
      decide({ update: { version: '1.5.0', stagingPercentage: 50 }, rolloutPercent: 20 }),
    ).toMatchObject({ reason: 'this station is outside the rollout (20%)' });
    expect(decide({ update: { version: '1.5.0', stagingPercentage: 50 } })).toEqual({
      action: 'download',
    });
    // Outside the rollout, even a downloaded update is not installed.
    expect(decide({ rolloutPercent: 10, downloaded: true })).toMatchObject({ action: 'skip' });
  });

  it('reaches buckets 0 … share−1: none at 0 %, all at 100 %, nothing odd from a bad value', () => {
    const buckets = Array.from({ length: 100 }, (_, b) => b);
    const reached = (percent: number, staging?: number | null) =>
      buckets.filter((b) => inRollout(b, percent, staging)).length;
    expect(reached(0)).toBe(0);
    expect(reached(25)).toBe(25);
    expect(reached(100)).toBe(100);
    expect(reached(100, 30)).toBe(30);
    expect(reached(100, null)).toBe(100);
    expect(reached(100, Number.NaN)).toBe(100);
    expect(reached(Number.NaN)).toBe(0);
    expect(reached(250)).toBe(100);
  });
});

describe('a station’s rollout bucket', () => {
  it('is fixed for a station id and spread over 0–99 across stations', () => {
    const id = '6f1c1a52-3d5e-4f7a-9b1c-2d3e4f5a6b7c';
    expect(stationBucket(id)).toBe(stationBucket(id));
    // 2000 distinct, fixed ids shaped like the station's own (a UUID), so the test is repeatable.
    const ids = Array.from({ length: 2000 }, (_, i) => {
      const hex = createHash('md5').update(`station ${i}`).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    });
    const buckets = ids.map(stationBucket);
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(99);
    // Roughly a quarter of stations fall in the first 25 buckets (binomial: 500 ± 3σ ≈ 58).
    const firstQuarter = buckets.filter((b) => b < 25).length;
    expect(firstQuarter).toBeGreaterThan(420);
    expect(firstQuarter).toBeLessThan(580);
  });
});

describe('version precedence', () => {
  const cmp = (a: string, b: string) => {
    const x = parseVersion(a);
    const y = parseVersion(b);
    if (!x || !y) throw new Error(`not versions: ${a}, ${b}`);
    return Math.sign(compareVersions(x, y));
  };

  it('follows semantic versioning, pre-releases before their release', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(cmp(ordered[i - 1] ?? '', ordered[i] ?? ''), `${ordered[i - 1]} < ${ordered[i]}`).toBe(
        -1,
      );
      expect(cmp(ordered[i] ?? '', ordered[i - 1] ?? '')).toBe(1);
    }
    expect(cmp('v1.2.3', '1.2.3+build.7')).toBe(0);
    expect(parseVersion('1.2')).toBeNull();
    expect(parseVersion('1.2.3.4')).toBeNull();
  });
});
