import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The fuses the installers must flip (electron-builder `electronFuses`, see electron-builder.yml
 * and https://www.electronjs.org/docs/latest/tutorial/fuses). Off: the kiosk binary cannot be
 * run as Node (ELECTRON_RUN_AS_NODE), given Node options (NODE_OPTIONS) or a debugger
 * (--inspect). On: cookies are encrypted, and the app loads only from its asar archive, checked
 * against the signed binary.
 */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
} as const;

/** Native addons are loaded from real files: these must stay out of the asar archive. */
const UNPACKED_NATIVE = [
  'node_modules/better-sqlite3/**',
  'node_modules/onnxruntime-node/**',
  'node_modules/@fugood/**',
];

const configText = readFileSync(path.resolve('electron-builder.yml'), 'utf8');

/**
 * The lines of a top-level block (`key:` at column 0, then its indented lines), comments and
 * blank lines left out. No YAML parser is installed, and the file keeps to plain block style,
 * so this reads exactly that and throws on anything else rather than guess.
 */
function topLevelBlock(yaml: string, key: string): string[] | null {
  const lines = yaml.split(/\r?\n/);
  const starts = lines.flatMap((line, index) =>
    new RegExp(`^${key}\\s*:(.*)$`).test(line) ? [index] : [],
  );
  if (starts.length > 1) throw new Error(`${key} appears ${starts.length} times`);
  const start = starts[0];
  if (start === undefined) return null;
  const rest = (lines[start] ?? '').slice(key.length).replace(/^\s*:/, '').trim();
  if (rest && !rest.startsWith('#')) throw new Error(`${key} is not a block (found "${rest}")`);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!/^\s/.test(line)) break;
    block.push(line.replace(/\s+#.*$/, ''));
  }
  return block;
}

/** A block of `  name: scalar` lines, one level deep. */
function mapping(block: string[]): Map<string, string> {
  const entries = new Map<string, string>();
  const indent = /^\s*/.exec(block[0] ?? '')?.[0] ?? '';
  for (const line of block) {
    const match = /^(\s+)([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match || match[1] !== indent || !match[3]) throw new Error(`unexpected line "${line}"`);
    if (entries.has(match[2] ?? '')) throw new Error(`${match[2]} is set twice`);
    entries.set(match[2] ?? '', match[3].trim());
  }
  return entries;
}

/** A block of `  - item` lines; quotes around an item are dropped. */
function sequence(block: string[]): string[] {
  return block.map((line) => {
    const match = /^\s+-\s+(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected line "${line}"`);
    return (match[1] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
  });
}

/** What is wrong with the file's fuses, one sentence each; empty when all are as required. */
function fuseProblems(yaml: string): string[] {
  const block = topLevelBlock(yaml, 'electronFuses');
  if (!block) return ['electronFuses is missing: no fuse is flipped'];
  const fuses = mapping(block);
  return Object.entries(REQUIRED_FUSES).flatMap(([name, wanted]) => {
    const value = fuses.get(name);
    if (value === undefined) return [`${name} is missing (must be ${wanted})`];
    // YAML 1.2's booleans, as electron-builder reads them; a quoted "false" is a string.
    const parsed = /^(true|True|TRUE)$/.test(value)
      ? true
      : /^(false|False|FALSE)$/.test(value)
        ? false
        : null;
    if (parsed === null) return [`${name} is ${value}, not a boolean (must be ${wanted})`];
    return parsed === wanted ? [] : [`${name} is ${value} (must be ${wanted})`];
  });
}

describe('electron-builder.yml', () => {
  it('flips every fuse a kiosk needs, each to the required side', () => {
    expect(fuseProblems(configText)).toEqual([]);
  });

  it('keeps the native addons the station and its transcription process load unpacked', () => {
    const unpacked = sequence(topLevelBlock(configText, 'asarUnpack') ?? []);
    expect(unpacked).toEqual(expect.arrayContaining(UNPACKED_NATIVE));
  });
});

describe('the fuse check', () => {
  const without = (name: string) =>
    configText
      .split('\n')
      .filter((line) => !new RegExp(`^\\s+${name}:`).test(line))
      .join('\n');
  const flipped = (name: string, value: string) =>
    configText.replace(new RegExp(`^(\\s+${name}:).*$`, 'm'), `$1 ${value}`);

  it('fails when any one fuse is dropped', () => {
    for (const name of Object.keys(REQUIRED_FUSES)) {
      expect(fuseProblems(without(name))).toEqual([expect.stringMatching(`^${name} is missing`)]);
    }
  });

  it('fails when a fuse is flipped the wrong way, or set to a string instead of a boolean', () => {
    expect(fuseProblems(flipped('runAsNode', 'true'))).toEqual([
      'runAsNode is true (must be false)',
    ]);
    expect(fuseProblems(flipped('onlyLoadAppFromAsar', 'false'))).toEqual([
      'onlyLoadAppFromAsar is false (must be true)',
    ]);
    expect(fuseProblems(flipped('enableNodeCliInspectArguments', "'false'"))).toEqual([
      "enableNodeCliInspectArguments is 'false', not a boolean (must be false)",
    ]);
  });

  it('fails when the block is gone, doubled, or not a plain block', () => {
    const noBlock = configText.replace(/^electronFuses:.*$/m, '');
    expect(fuseProblems(noBlock).length).toBeGreaterThan(0);
    expect(fuseProblems('appId: x\n')).toEqual(['electronFuses is missing: no fuse is flipped']);
    expect(() => fuseProblems(`${configText}\nelectronFuses:\n  runAsNode: true\n`)).toThrow(
      /appears 2 times/,
    );
    expect(() => fuseProblems('electronFuses: { runAsNode: false }\n')).toThrow(/not a block/);
    expect(() => fuseProblems('electronFuses:\n  nested:\n    runAsNode: false\n')).toThrow(
      /unexpected line/,
    );
  });
});
