import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_MODELS } from './ggml-model';
import { listModelFiles, modelFolders } from './model-files';
import { writeTinyModel } from './test-model';

const baseEn = KNOWN_MODELS.find((m) => m.name === 'base.en');

describe('the model files an admin may choose', () => {
  it('lists .bin files in resources/models/ and the data folder’s models/, each name once', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'model-list-'));
    const resources = path.join(root, 'resources');
    const data = path.join(root, 'data');
    mkdirSync(path.join(resources, 'models'), { recursive: true });
    mkdirSync(path.join(data, 'models'), { recursive: true });
    // A file with the published name and size (sparse: no 148 MB written) is labelled as that
    // model; its checksum is only checked when it is loaded.
    const published = path.join(resources, 'models', 'ggml-base.en.bin');
    writeFileSync(published, '');
    truncateSync(published, baseEn?.bytes ?? 0);
    // IT's own model, and a published name with the wrong size: files, but not published ones.
    const tinyBytes = writeTinyModel(path.join(data, 'models', 'team-model.bin'));
    writeTinyModel(path.join(data, 'models', 'ggml-small.en.bin'));
    // The same name in both folders: the bundled one is what the station would load.
    writeTinyModel(path.join(data, 'models', 'ggml-base.en.bin'));
    // Not choices: other files, hidden files, folders, names the setting would refuse.
    writeFileSync(path.join(data, 'models', 'README.txt'), 'how to add models');
    writeFileSync(path.join(data, 'models', '.partial.bin'), '');
    writeFileSync(path.join(data, 'models', 'has space.bin'), '');
    mkdirSync(path.join(data, 'models', 'old.bin'));
    // A link IT made to share one copy counts as the file it points at.
    symlinkSync(path.join(data, 'models', 'team-model.bin'), path.join(data, 'models', 'link.bin'));

    expect(listModelFiles(modelFolders(resources, data))).toEqual([
      { file: 'ggml-base.en.bin', folder: 'bundled', bytes: baseEn?.bytes, published: 'base.en' },
      { file: 'ggml-small.en.bin', folder: 'data', bytes: tinyBytes, published: null },
      { file: 'link.bin', folder: 'data', bytes: tinyBytes, published: null },
      { file: 'team-model.bin', folder: 'data', bytes: tinyBytes, published: null },
    ]);
  });

  it('finds nothing, without failing, where the folders do not exist', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'model-list-'));
    expect(listModelFiles(modelFolders(path.join(root, 'r'), path.join(root, 'd')))).toEqual([]);
  });
});
