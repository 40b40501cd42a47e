import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles the signal worker for a test file into out/test-worker/<name>.mjs — inside the repo,
 * so it resolves node_modules as the station's build does — and returns its path. Each test
 * file passes its own name, so files running in parallel never share a half-written bundle.
 */
export async function buildTestWorker(name: string): Promise<string> {
  const outfile = path.resolve('out', 'test-worker', `${name}.mjs`);
  await build({
    entryPoints: ['electron/signals/worker/signal-worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
