/**
 * bench:sync's helpers: the reference receiver as `npm run cloud` runs it (its own process,
 * out/cloud/main.mjs, on PGlite in a temporary folder or on DATABASE_URL), codes from its admin
 * route, its Prometheus /metrics read back, and a timer around every HTTP request this process
 * makes (fetch and node:http, which tus-js-client uses), taken from Node's diagnostics channels
 * so the station's transport is measured as it is, unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Receiver {
  url: string;
  issueCode(): Promise<string>;
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startReceiver(dataDir: string): Promise<Receiver> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminToken = randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [path.resolve('out/cloud/main.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      CLOUD_DATA_DIR: dataDir,
      CLOUD_MIGRATIONS_DIR: path.resolve('cloud/db/migrations'),
      CLOUD_ADMIN_TOKEN: adminToken,
      // Twenty stations at full speed would meet the default per-station limit.
      CLOUD_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('The receiver exited before it served.');
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (i > 600) throw new Error('The receiver did not come up in 30 s.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    async issueCode() {
      const response = await fetch(`${url}/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (response.status !== 201) throw new Error(`Issuing a code answered ${response.status}.`);
      return ((await response.json()) as { code: string }).code;
    },
    async metrics() {
      return parseMetrics(await (await fetch(`${url}/metrics`)).text());
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Prometheus text: every sample by its name and labels as printed (`name{a="b"}`). */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** The sum of every sample named `name` whose labels include all of `labels`. */
export function sumOf(samples: Map<string, number>, name: string, labels: string[] = []): number {
  let total = 0;
  for (const [key, value] of samples) {
    const bare = key.split('{')[0];
    if (bare === name && labels.every((l) => key.includes(l))) total += value;
  }
  return total;
}

/**
 * The receiver's own latency quantile from its histogram (the delta between two readings):
 * the upper bound of the bucket holding the quantile, so only as fine as its buckets.
 */
export function histogramQuantile(
  before: Map<string, number>,
  after: Map<string, number>,
  q: number,
): string {
  const name = 'receiver_request_duration_seconds_bucket';
  const bounds = new Set<string>();
  for (const key of after.keys()) {
    const le = /le="([^"]+)"/.exec(key)?.[1];
    if (key.startsWith(name) && le) bounds.add(le);
  }
  const sorted = [...bounds].sort((a, b) => Number(a) - Number(b));
  const counts = sorted.map(
    (le) => sumOf(after, name, [`le="${le}"`]) - sumOf(before, name, [`le="${le}"`]),
  );
  const total = counts.at(-1) ?? 0;
  const at = sorted.findIndex((_, i) => (counts[i] ?? 0) >= q * total);
  const le = sorted[at] ?? '+Inf';
  return le === '+Inf' ? `> ${sorted.at(-2)} s` : `≤ ${Number(le) * 1000} ms`;
}

/** Times every HTTP request of this process from its start to its response's headers. */
export function timeRequests(): { latencies: number[]; stop(): void } {
  const started = new WeakMap<object, number>();
  const latencies: number[] = [];
  const start = (message: unknown) => {
    started.set((message as { request: object }).request, performance.now());
  };
  const end = (message: unknown) => {
    const request = (message as { request: object }).request;
    const t0 = started.get(request);
    if (t0 === undefined) return;
    started.delete(request);
    latencies.push(performance.now() - t0);
  };
  const channels: [string, (m: unknown) => void][] = [
    ['http.client.request.start', start],
    ['http.client.response.finish', end],
    ['undici:request:create', start],
    ['undici:request:headers', end],
  ];
  for (const [name, fn] of channels) diagnostics.subscribe(name, fn);
  return {
    latencies,
    stop: () => {
      for (const [name, fn] of channels) diagnostics.unsubscribe(name, fn);
    },
  };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
