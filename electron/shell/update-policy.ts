/**
 * Whether this station takes an update, and when: pure, so every case is tested without an
 * update server. IT sets the channel and the share of stations that update (managed config
 * `updates.*`); the feed may hold a release back to a share of its own (electron-builder's
 * `stagingPercentage` in latest.yml). A station falls in a fixed bucket from its own id, so the
 * same stations update first for every release and raising the share only adds stations.
 * An update is never installed while an interview runs: it waits for the session to end.
 */
import { createHash } from 'node:crypto';
import type { UpdateChannel } from '../settings/update-settings';

export interface UpdatePolicyInput {
  enabled: boolean;
  channel: UpdateChannel;
  /** IT's share of stations that take updates, 0–100. */
  rolloutPercent: number;
  /** This station's bucket, 0–99 (stationBucket). */
  stationBucket: number;
  /** The version running now. */
  currentVersion: string;
  sessionRunning: boolean;
  /** What the feed offers; null before a check found anything. */
  update: { version: string; stagingPercentage?: number | null } | null;
  /** The offered update has been downloaded and is ready to install. */
  downloaded: boolean;
}

export type UpdateDecision =
  | { action: 'skip'; reason: string }
  | { action: 'download' }
  | { action: 'install-now' }
  | { action: 'wait'; reason: string };

/** A station's fixed place in a rollout, 0–99, from its own id (SHA-256, first 4 bytes). */
export function stationBucket(stationId: string): number {
  return createHash('sha256').update(stationId, 'utf8').digest().readUInt32BE(0) % 100;
}

/** The share of stations a release reaches: IT's and the feed's, whichever is smaller. */
export function rolloutShare(rolloutPercent: number, stagingPercentage?: number | null): number {
  const clamp = (n: number) => Math.min(100, Math.max(0, Math.floor(n)));
  const it = Number.isFinite(rolloutPercent) ? clamp(rolloutPercent) : 0;
  // A feed without a (usable) staging percentage goes to every station, as electron-updater has it.
  const feed =
    typeof stagingPercentage === 'number' && Number.isFinite(stagingPercentage)
      ? clamp(stagingPercentage)
      : 100;
  return Math.min(it, feed);
}

/** Buckets 0 … share−1 are in: 0 reaches no station, 100 every station. */
export function inRollout(
  bucket: number,
  rolloutPercent: number,
  stagingPercentage?: number | null,
): boolean {
  return bucket >= 0 && bucket < rolloutShare(rolloutPercent, stagingPercentage);
}

export function decideUpdate(input: UpdatePolicyInput): UpdateDecision {
  if (!input.enabled) return { action: 'skip', reason: 'updates are off' };
  const update = input.update;
  if (!update) return { action: 'skip', reason: 'no update offered' };
  const offered = parseVersion(update.version);
  const current = parseVersion(input.currentVersion);
  if (!offered) return { action: 'skip', reason: `the feed's version is not a version number` };
  if (!current) return { action: 'skip', reason: 'the running version is not a version number' };
  if (compareVersions(offered, current) <= 0) {
    return {
      action: 'skip',
      reason: `${update.version} is not newer than ${input.currentVersion}`,
    };
  }
  // A pre-release reaches only stations IT put on the beta channel.
  if (offered.pre.length > 0 && input.channel !== 'beta') {
    return { action: 'skip', reason: `${update.version} is a pre-release (channel latest)` };
  }
  if (!inRollout(input.stationBucket, input.rolloutPercent, update.stagingPercentage)) {
    return {
      action: 'skip',
      reason: `this station is outside the rollout (${rolloutShare(input.rolloutPercent, update.stagingPercentage)}%)`,
    };
  }
  if (!input.downloaded) return { action: 'download' };
  if (input.sessionRunning) return { action: 'wait', reason: 'an interview is running' };
  return { action: 'install-now' };
}

interface Version {
  core: [number, number, number];
  pre: string[];
}

/** Semantic versioning's x.y.z[-pre][+build], a leading "v" allowed; null otherwise. */
export function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    text.trim(),
  );
  if (!match) return null;
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    pre: match[4] ? match[4].split('.') : [],
  };
}

/** Semantic versioning's precedence: negative when a is older than b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.core[i] ?? 0) - (b.core[i] ?? 0);
    if (d !== 0) return d;
  }
  // A pre-release comes before its release (1.0.0-beta.1 < 1.0.0).
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
