/**
 * The receiver as it runs in production — the `npm run cloud` bundle in its own process on
 * PostgreSQL — SIGKILLed while a PATCH is streaming, then started again: HEAD gives the offset
 * of the bytes that reached the disk and the upload completes from there, not from zero.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, scratchFolder } from '../test/fresh-database';
import {
  createUpload,
  getJson,
  headOffset,
  patchUpload,
  sha256,
  type Station,
} from '../test/harness';

const outDir = path.resolve(`out/cloud-test-${process.pid}`);
const bundle = path.join(outDir, 'main.mjs');
let env: NodeJS.ProcessEnv;
let child: ChildProcess | null = null;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startChild(): Promise<void> {
  child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the receiver did not come up');
}

function killChild(): Promise<void> {
  const c = child;
  child = null;
  if (!c || c.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

describe('the receiver killed mid-upload', () => {
  beforeAll(async () => {
    await build({
      entryPoints: ['cloud/src/main.ts'],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      DATABASE_URL: await freshDatabaseUrl(),
      PORT: String(port),
      CLOUD_STORAGE_DIR: scratchFolder('kill-'),
      LOG_LEVEL: 'warn',
    };
  }, 60_000);
  afterAll(async () => {
    await killChild();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('resumes from the offset HEAD gives after a restart', async () => {
    const printed = execFileSync(process.execPath, [bundle, 'issue-code'], {
      env,
      encoding: 'utf8',
    });
    const code = /Enrolment code: (\S+)/.exec(printed)?.[1] ?? '';
    await startChild();
    const stationId = randomUUID();
    const enrolled = await fetch(`${base}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, stationName: 'Kill test', stationId }),
    });
    const { credential } = (await enrolled.json()) as { credential: string };
    const station: Station = {
      stationId,
      credential,
      auth: { authorization: `Bearer ${credential}` },
    };

    const file = randomBytes(8 * 1024 * 1024);
    const meta = {
      mediaId: randomUUID(),
      sessionId: randomUUID(),
      kind: 'recording_segment' as const,
      contentType: 'video/webm',
      sha256: sha256(file),
    };
    const loc = await createUpload(base, station, meta, file.length);
    const stored = path.join(env.CLOUD_STORAGE_DIR as string, path.basename(loc));

    // One PATCH for the whole file, streamed slowly; the receiver dies part-way through it.
    const req = http.request(`${base}${loc}`, {
      method: 'PATCH',
      headers: {
        ...station.auth,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(file.length),
      },
    });
    req.on('error', () => undefined);
    const piece = 256 * 1024;
    const sentBeforeKill = file.length / 2;
    for (let sent = 0; sent < sentBeforeKill; sent += piece) {
      if (!req.write(file.subarray(sent, sent + piece))) {
        await new Promise((r) => req.once('drain', r));
      }
    }
    for (let i = 0; i < 200 && (!existsSync(stored) || statSync(stored).size < 1024 * 1024); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await killChild();
    req.destroy();

    await startChild();
    const offset = await headOffset(base, station, loc);
    expect(offset).toBeGreaterThanOrEqual(1024 * 1024);
    expect(offset).toBeLessThan(file.length);
    expect(sha256(readFileSync(stored).subarray(0, offset))).toBe(sha256(file.subarray(0, offset)));
    console.log(
      `[receiver] killed mid-PATCH at ${(offset / 2 ** 20).toFixed(1)} of 8 MiB on disk; ` +
        `resumed from there (the ${((sentBeforeKill - offset) / 2 ** 20).toFixed(1)} MiB the ` +
        'station had sent past that offset are sent again)',
    );
    const rest = await patchUpload(base, station, loc, offset, file.subarray(offset));
    expect(rest.status).toBe(204);
    const receipt = await getJson<{ state: string; sha256: string }>(
      base,
      station,
      `/v1/media/${meta.mediaId}`,
    );
    expect(receipt).toMatchObject({ state: 'complete', sha256: meta.sha256 });
  }, 60_000);
});
