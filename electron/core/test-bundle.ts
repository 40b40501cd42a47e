import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = path.resolve('out', 'test-bundles');

/**
 * Test helper: bundles `entry` (a path in the repo) with esbuild as the station's build does,
 * into out/test-bundles/<name>.mjs — inside the repo, so it resolves node_modules and
 * resources/ like the real bundles — and returns its path. Test files run in parallel and may
 * build the same bundle: it is written aside and renamed into place, so a process being
 * started never reads a half-written file.
 */
export async function bundleForTest(entry: string, name: string): Promise<string> {
  const outfile = path.join(OUT, `${name}.mjs`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    outfile,
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(OUT, { recursive: true });
  const temporary = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, result.outputFiles[0]?.contents ?? new Uint8Array());
  renameSync(temporary, outfile);
  return outfile;
}
