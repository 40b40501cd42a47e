import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  flowList,
  mapping,
  nestedBlock,
  plistTrueKeys,
  scalars,
  sequence,
  topLevelBlock,
  yamlBoolean,
} from './builder-config-yaml';

/**
 * The fuses the installers must flip (electron-builder `electronFuses`, see electron-builder.yml
 * and https://www.electronjs.org/docs/latest/tutorial/fuses). Off: the kiosk binary cannot be
 * run as Node (ELECTRON_RUN_AS_NODE), given Node options (NODE_OPTIONS) or a debugger
 * (--inspect), nor give file:// pages more than a browser would. On: cookies are encrypted, and
 * the app loads only from its asar archive, checked against the signed binary.
 */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

const configText = readFileSync(path.resolve('electron-builder.yml'), 'utf8');
const block = (key: string) => topLevelBlock(configText, key) ?? [];
/** A top-level `key: value` line's value. */
const topLevelScalar = (key: string) => new RegExp(`^${key}:\\s*(\\S+)`, 'm').exec(configText)?.[1];

/** What is wrong with the file's fuses, one sentence each; empty when all are as required. */
function fuseProblems(yaml: string): string[] {
  const fuseBlock = topLevelBlock(yaml, 'electronFuses');
  if (!fuseBlock) return ['electronFuses is missing: no fuse is flipped'];
  const fuses = mapping(fuseBlock);
  return Object.entries(REQUIRED_FUSES).flatMap(([name, wanted]) => {
    const value = fuses.get(name);
    if (value === undefined) return [`${name} is missing (must be ${wanted})`];
    const parsed = yamlBoolean(value);
    if (parsed === null) return [`${name} is ${value}, not a boolean (must be ${wanted})`];
    return parsed === wanted ? [] : [`${name} is ${value} (must be ${wanted})`];
  });
}

/**
 * Every package an installed station carries: the runtime dependencies and theirs (optional
 * ones included, as npm installs them), found as Node resolves them, nested copies first.
 */
function runtimePackageDirs(root: string): string[] {
  const found = new Set<string>();
  const resolve = (name: string, from: string): string | null => {
    for (let dir = from; dir.startsWith(root); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (dir === root) break;
    }
    return null;
  };
  const visit = (dir: string) => {
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const child = resolve(name, dir);
      if (child) visit(child);
    }
  };
  const top = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(top.dependencies)) {
    const dir = resolve(name, root);
    if (dir) visit(dir);
  }
  return [...found];
}

/** The files under a package matching `wanted`, its own nested node_modules left to their walk. */
function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full, wanted);
    return entry.isFile() && wanted(entry.name) ? [full] : [];
  });
}

const root = path.resolve('.');
const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
const runtimeDirs = runtimePackageDirs(root);
/** Native addons the installed station may load, as paths inside the app. */
const nativeAddons = runtimeDirs
  .flatMap((dir) => filesUnder(dir, (name) => name.endsWith('.node')))
  .map(relative);
/** The ffmpeg and ffprobe executables of the installer packages present here. */
const ffmpegBinaries = runtimeDirs
  .filter((dir) => /^node_modules\/@(ffmpeg|ffprobe)-installer\//.test(relative(dir)))
  .flatMap((dir) => filesUnder(dir, (name) => /^(ffmpeg|ffprobe)(\.exe)?$/.test(name)))
  .map(relative);
/** human's face models, read by the signal worker from a file:// URL. */
const humanModels = filesUnder(path.resolve('node_modules/@vladmandic/human/models'), (name) =>
  /\.(json|bin)$/.test(name),
).map(relative);

const matchesAny = (file: string, globs: string[]) =>
  globs.some((glob) => path.matchesGlob(file, glob));

/** Files that must be real files outside the archive but would be packed into it. */
function packedButNeeded(files: string[], unpack: string[], shipped: string[]): string[] {
  // A file the `files` list leaves out of the installer (`!…`) is not packed at all.
  const excluded = shipped.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return files.filter((file) => !matchesAny(file, unpack) && !matchesAny(file, excluded));
}

describe('electron-builder.yml: fuses', () => {
  it('flips every fuse a kiosk needs, each to the required side', () => {
    expect(fuseProblems(configText)).toEqual([]);
  });

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
    expect(fuseProblems(flipped('grantFileProtocolExtraPrivileges', 'true'))).toEqual([
      'grantFileProtocolExtraPrivileges is true (must be false)',
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

describe('electron-builder.yml: installers per OS', () => {
  it('builds NSIS per machine on Windows, with a choice of folder and elevation', () => {
    expect(flowList(scalars(block('win')).get('target') ?? '')).toEqual(['nsis']);
    const nsis = mapping(block('nsis'));
    expect(yamlBoolean(nsis.get('perMachine'))).toBe(true);
    expect(yamlBoolean(nsis.get('oneClick'))).toBe(false);
    expect(yamlBoolean(nsis.get('allowElevation'))).toBe(true);
    // Reinstalling or removing the program keeps the station's interviews.
    expect(yamlBoolean(nsis.get('deleteAppDataOnUninstall'))).toBe(false);
  });

  it('builds a DMG and the zip electron-updater needs on macOS, hardened and notarised', () => {
    const mac = scalars(block('mac'));
    expect(flowList(mac.get('target') ?? '')).toEqual(['dmg', 'zip']);
    expect(yamlBoolean(mac.get('hardenedRuntime'))).toBe(true);
    expect(yamlBoolean(mac.get('notarize'))).toBe(true);
  });

  it('builds an AppImage and a deb on Linux, with a desktop category', () => {
    const linux = scalars(block('linux'));
    expect(flowList(linux.get('target') ?? '').sort()).toEqual(['AppImage', 'deb']);
    expect(linux.get('category')).toBe('Office');
  });

  it('asks for the camera and the microphone in plain words', () => {
    const info = mapping(nestedBlock(block('mac'), 'extendInfo') ?? []);
    expect(info.get('NSCameraUsageDescription')).toMatch(/^Interview Station .*camera.*\.$/);
    expect(info.get('NSMicrophoneUsageDescription')).toMatch(
      /^Interview Station .*microphone.*\.$/,
    );
  });

  it('grants the app and its helpers the camera, the microphone and JIT, and nothing more', () => {
    const mac = scalars(block('mac'));
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = mac.get(key) ?? '';
      expect(file, key).toMatch(/^build\/.+\.plist$/);
      expect(existsSync(file), file).toBe(true);
      expect(plistTrueKeys(readFileSync(file, 'utf8')).sort()).toEqual([
        'com.apple.security.cs.allow-jit',
        'com.apple.security.device.audio-input',
        'com.apple.security.device.camera',
      ]);
    }
  });

  it('reads a plist’s granted keys, and only those set to true', () => {
    const plist = (body: string) =>
      `<?xml version="1.0"?><plist version="1.0"><dict>${body}</dict></plist>`;
    expect(
      plistTrueKeys(
        plist(
          '<!-- <key>hidden</key><true/> --><key>a</key><true/><key>b</key><false/>' +
            '<key>c</key><string>x</string><key>d</key><true />',
        ),
      ),
    ).toEqual(['a', 'd']);
    expect(() => plistTrueKeys('<dict><key>a</key><true/></dict>')).toThrow(/XML plist/);
  });

  it('packs node_modules as installed: the prebuilt Node-API addons need no rebuild', () => {
    expect(yamlBoolean(topLevelScalar('npmRebuild'))).toBe(false);
  });

  it('publishes to a generic update server, whose address IT sets', () => {
    const publish = mapping(block('publish'));
    expect(publish.get('provider')).toBe('generic');
    expect(publish.get('url')).toMatch(/^https:\/\//);
  });
});

describe('electron-builder.yml: what the installed station holds', () => {
  const unpack = sequence(block('asarUnpack'));
  const shipped = sequence(block('files'));

  it('finds the native addons, ffmpeg and the face models in the runtime dependencies', () => {
    // The walk must see what this machine installed, or the checks below check nothing.
    expect(nativeAddons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^node_modules\/better-sqlite3\/.+\.node$/),
        expect.stringMatching(/^node_modules\/onnxruntime-node\/.+\.node$/),
        expect.stringMatching(/^node_modules\/@fugood\/node-whisper-.+\.node$/),
      ]),
    );
    expect(ffmpegBinaries.length).toBeGreaterThan(0);
    expect(humanModels.length).toBeGreaterThan(0);
    // Build tools' addons (esbuild's, lightningcss's) are not runtime dependencies.
    expect(nativeAddons.filter((file) => /lightningcss|rolldown/.test(file))).toEqual([]);
  });

  it('keeps every native addon, ffmpeg and the face models out of the archive', () => {
    expect(packedButNeeded(nativeAddons, unpack, shipped)).toEqual([]);
    expect(packedButNeeded(ffmpegBinaries, unpack, shipped)).toEqual([]);
    expect(packedButNeeded(humanModels, unpack, shipped)).toEqual([]);
  });

  it('unpacks ffmpeg and ffprobe for every platform their installers know, not just this one', () => {
    for (const tool of ['ffmpeg', 'ffprobe']) {
      const installer = JSON.parse(
        readFileSync(`node_modules/@${tool}-installer/${tool}/package.json`, 'utf8'),
      ) as { optionalDependencies: Record<string, string> };
      const platforms = Object.keys(installer.optionalDependencies);
      expect(platforms).toEqual(expect.arrayContaining([`@${tool}-installer/win32-x64`]));
      for (const name of platforms) {
        const binary = `node_modules/${name}/${name.includes('win32') ? `${tool}.exe` : tool}`;
        expect(matchesAny(binary, unpack), binary).toBe(true);
      }
    }
  });

  it('would catch an addon, ffmpeg or a model left inside the archive', () => {
    const drop = (glob: string) => unpack.filter((entry) => entry !== glob);
    expect(
      packedButNeeded(nativeAddons, drop('node_modules/onnxruntime-node/**'), shipped),
    ).toEqual(nativeAddons.filter((file) => file.startsWith('node_modules/onnxruntime-node/')));
    expect(
      packedButNeeded(ffmpegBinaries, drop('node_modules/@ffprobe-installer/**'), shipped),
    ).toEqual(ffmpegBinaries.filter((file) => file.includes('@ffprobe-installer/')));
    // Of human's models, only those the installer ships at all (the face ones) count.
    const packedModels = packedButNeeded(
      humanModels,
      drop('node_modules/@vladmandic/human/models/**'),
      shipped,
    );
    expect(packedModels).toEqual(
      expect.arrayContaining(['node_modules/@vladmandic/human/models/facemesh.bin']),
    );
    expect(packedModels.filter((file) => file.includes('emotion'))).toEqual([]);
  });

  it('ships the ONNX models and the seed outside the archive, as resources', () => {
    const resources = block('extraResources').join('\n');
    expect(resources).toMatch(/- from: resources\/models\n\s+to: models/);
    expect(resources).toMatch(/- from: resources\/seed\n\s+to: seed/);
    expect(readdirSync('resources/models').filter((name) => name.endsWith('.onnx'))).not.toEqual(
      [],
    );
  });

  it('ships every bundle scripts/build.mjs writes for the station, and the renderer', () => {
    const buildScript = readFileSync('scripts/build.mjs', 'utf8');
    const outputs = [...buildScript.matchAll(/outfile: '([^']+)'/g)].map((m) => m[1] ?? '');
    expect(outputs.length).toBeGreaterThanOrEqual(7);
    // The browser station's launcher runs under Node for tests and `npm start`, never installed.
    const installed = outputs.filter((file) => file !== 'out/station/launch.mjs');
    expect(installed.filter((file) => !matchesAny(file, shipped))).toEqual([]);
    const viteOut = /outDir: '\.\.\/(out\/[^']+)'/.exec(readFileSync('vite.config.ts', 'utf8'));
    expect(matchesAny(`${viteOut?.[1]}/index.html`, shipped)).toBe(true);
    expect(shipped).toEqual(expect.arrayContaining(['db/migrations/**', 'package.json']));
  });
});
