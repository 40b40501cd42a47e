import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeTinyModel } from './test-model';
import { describeModelState, findModelFile, Transcriber } from './transcriber';
import { WhisperProcess } from './whisper-process';

// A station's two model folders, as real folders: resources/models/ and <data>/models/.
let resourcesDir = '';
let dataDir = '';
const bundled = (name: string) => path.join(resourcesDir, 'models', name);
const added = (name: string) => path.join(dataDir, 'models', name);

beforeEach(() => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'model-order-'));
  resourcesDir = path.join(root, 'resources');
  dataDir = path.join(root, 'data');
  mkdirSync(path.join(resourcesDir, 'models'), { recursive: true });
  mkdirSync(path.join(dataDir, 'models'), { recursive: true });
});

describe('which model file the station loads', () => {
  it('with nothing provisioned, none', () => {
    expect(findModelFile({ resourcesDir, dataDir })).toEqual({ file: null });
  });

  it('IT’s path first, then the admin’s choice, then published models bundled, then in the data folder', () => {
    // Only the data folder has a model: it is found after resources/models/ comes up empty.
    writeTinyModel(added('ggml-tiny.en.bin'));
    expect(findModelFile({ resourcesDir, dataDir })).toEqual({ file: added('ggml-tiny.en.bin') });

    // A published model bundled with the app comes before the data folder's. small.en is
    // before tiny.en in the table, so it wins among the bundled ones.
    writeTinyModel(bundled('ggml-tiny.en.bin'));
    writeTinyModel(bundled('ggml-small.en.bin'));
    expect(findModelFile({ resourcesDir, dataDir })).toEqual({
      file: bundled('ggml-small.en.bin'),
    });

    // The admin's choice beats the automatic pick, wherever of the two folders it is.
    writeTinyModel(added('my-model.bin'));
    expect(findModelFile({ resourcesDir, dataDir, chosen: 'my-model.bin' })).toEqual({
      file: added('my-model.bin'),
    });
    // A name in both folders is the bundled one, as the list of choices shows it.
    expect(findModelFile({ resourcesDir, dataDir, chosen: 'ggml-tiny.en.bin' })).toEqual({
      file: bundled('ggml-tiny.en.bin'),
    });

    // IT's managed path beats everything, even the admin's choice.
    expect(
      findModelFile({ resourcesDir, dataDir, chosen: 'my-model.bin', modelPath: '/opt/m.bin' }),
    ).toEqual({ file: path.resolve('/opt/m.bin') });
  });

  it('never looks for the admin’s choice outside the two folders, and says plainly when it is gone', () => {
    writeTinyModel(bundled('ggml-base.en.bin'));
    const outside = path.join(path.dirname(dataDir), 'outside.bin');
    writeTinyModel(outside);
    // A stored value that escapes the folders (only a tampered database could hold one).
    for (const chosen of [outside, '../outside.bin', '../../outside.bin']) {
      const lookup = findModelFile({ resourcesDir, dataDir, chosen });
      expect(lookup.file).toBeNull();
      expect(lookup.unusable?.reason).toMatch(/not a model file name/);
    }

    // The chosen file was there, then IT removed it: the automatic model is NOT used instead,
    // so the admin sees that their choice no longer applies.
    writeTinyModel(added('my-model.bin'));
    expect(findModelFile({ resourcesDir, dataDir, chosen: 'my-model.bin' }).file).toBe(
      added('my-model.bin'),
    );
    rmSync(added('my-model.bin'));
    const gone = findModelFile({ resourcesDir, dataDir, chosen: 'my-model.bin' });
    expect(gone).toMatchObject({ file: null, unusable: { file: 'my-model.bin' } });
    expect(gone.unusable?.reason).toMatch(
      /^my-model\.bin, the model chosen in Settings, is no longer in resources\/models\//,
    );

    // A folder where the file should be is not a model either.
    mkdirSync(added('folder.bin'));
    expect(findModelFile({ resourcesDir, dataDir, chosen: 'folder.bin' }).file).toBeNull();
  });

  it('shows a vanished choice as a model that is not usable, naming the file', async () => {
    writeFileSync(bundled('notes.txt'), 'not a model');
    const gone = findModelFile({ resourcesDir, dataDir, chosen: 'my-model.bin' });
    // No process is started to find that out.
    const transcriber = new Transcriber(new WhisperProcess('/nowhere/worker.mjs'));
    const state = await transcriber.refuse(gone.unusable?.file ?? '', gone.unusable?.reason ?? '');
    expect(state).toMatchObject({ state: 'invalid', file: 'my-model.bin' });
    expect(describeModelState(state)).toMatch(
      /^Transcription model not usable: my-model\.bin, the model chosen in Settings/,
    );
    expect(transcriber.process.pid).toBeNull();
  });

  it('words an unverified model as a whole sentence, with no stray quote at its end', () => {
    const line = describeModelState({
      state: 'ready',
      file: 'custom.bin',
      model: 'custom.bin',
      verified: false,
      sha256: 'ab'.repeat(32),
      bytes: 1,
      englishOnly: false,
    });
    expect(line).toMatch(/matches none of the published models\.$/);
  });
});
