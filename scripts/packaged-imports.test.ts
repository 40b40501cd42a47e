import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What an installed station loads outside its own bundles: each bundle the installer ships
 * (electron-builder.yml `files`) is built with its packages left external, as scripts/build.mjs
 * does, and every package it imports must be a runtime dependency — a devDependency is not in
 * the installer, so a worker importing one (the résumé worker's PDF and Word readers, say)
 * would work in every test and fail on the first installed station.
 */
const SHIPPED_BUNDLES = [
  { entry: 'electron/main.ts', out: 'out/electron/**' },
  { entry: 'electron/signals/worker/signal-worker.ts', out: 'out/station/signal-worker.mjs' },
  { entry: 'electron/transcription/whisper-worker.ts', out: 'out/station/whisper-worker.mjs' },
  { entry: 'electron/screening/resume-worker.ts', out: 'out/station/resume-worker.mjs' },
  { entry: 'electron/sync/sync-worker.ts', out: 'out/station/sync-worker.mjs' },
];

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
};
const builderConfig = readFileSync('electron-builder.yml', 'utf8');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The package name of a bare import ("@scope/name/sub" → "@scope/name"). */
const packageOf = (specifier: string) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

async function externalPackages(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: path.join('out', 'import-check'),
  });
  const found = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || builtins.has(imported.path)) continue;
      found.add(packageOf(imported.path));
    }
  }
  return [...found].sort();
}

describe('what the installer ships', () => {
  for (const { entry, out } of SHIPPED_BUNDLES) {
    it(`${entry}: listed in the installer's files, importing runtime dependencies only`, async () => {
      expect(builderConfig).toContain(`  - ${out}\n`);
      const imported = await externalPackages(entry);
      expect(imported.length).toBeGreaterThan(0);
      const missing = imported.filter((name) => name !== 'electron' && !pkg.dependencies[name]);
      expect(missing).toEqual([]);
    });
  }

  it('finds the résumé worker’s readers, so the check sees what a worker imports', async () => {
    expect(await externalPackages('electron/screening/resume-worker.ts')).toEqual(
      expect.arrayContaining(['mammoth', 'unpdf']),
    );
  });
});
