import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const config = path.resolve('.dependency-cruiser.cjs');
const depcruise = path.resolve('node_modules', '.bin', 'depcruise');

/**
 * The layer rules (npm run lint:layers) run on a small tree laid out like the station's, so
 * each rule is shown to refuse what it is for, and to let a tree that keeps the ladder pass.
 */
describe('layer rules', () => {
  let root: string;

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function cruise(files: Record<string, string>) {
    root = mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }');
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? ''))];
    return run(depcruise, [...folders, '--config', config], { cwd: root }).then(
      ({ stdout }) => ({ failed: false, output: stdout }),
      (error: { stdout: string }) => ({ failed: true, output: error.stdout }),
    );
  }

  it('lets each layer import its own and the ones below', async () => {
    const result = await cruise({
      'shared/enums.ts': 'export const A = 1;\n',
      'db/schema.ts': "import { A } from '../shared/enums';\nexport const B = A;\n",
      'electron/core/clock.ts': "import { B } from '../../db/schema';\nexport const C = B;\n",
      'electron/api/router.ts': "import { C } from '../core/clock';\nexport const D = C;\n",
      'electron/station/root.ts': "import { D } from '../api/router';\nexport const E = D;\n",
    });
    expect(result.output).toContain('no dependency violations found');
    expect(result.failed).toBe(false);
  });

  it('refuses an import up the ladder', async () => {
    const result = await cruise({
      'electron/api/services.ts': 'export type Services = { name: string };\n',
      'electron/core/audit.ts':
        "import type { Services } from '../api/services';\nexport type S = Services;\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain(
      'no-upward-from-core: electron/core/audit.ts → electron/api/services.ts',
    );
  });

  it('refuses the signal worker reaching the database', async () => {
    const result = await cruise({
      'db/open.ts': 'export const open = () => 1;\n',
      'electron/signals/worker/vad.ts': "import { open } from '../../../db/open';\nopen();\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain(
      'signal-worker-knows-no-database: electron/signals/worker/vad.ts → db/open.ts',
    );
  });

  it('refuses a cycle, even inside one folder', async () => {
    const result = await cruise({
      'electron/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'electron/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain('no-circular');
  });

  it('refuses the renderer importing code from main, but not types', async () => {
    const result = await cruise({
      'electron/api/router.ts': 'export const appRouter = {};\nexport type AppRouter = object;\n',
      'renderer/src/trpc.ts':
        "import type { AppRouter } from '../../electron/api/router';\nexport type R = AppRouter;\n",
      'renderer/src/bad.ts':
        "import { appRouter } from '../../electron/api/router';\nexport const r = appRouter;\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain('renderer-only-types-from-main: renderer/src/bad.ts');
    expect(result.output).not.toContain('renderer/src/trpc.ts →');
  });
});
