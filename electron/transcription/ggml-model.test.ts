import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModel, KNOWN_MODELS, sha256File } from './ggml-model';
import { tinyModelBytes } from './test-model';

let dir = '';
let bytes: Buffer;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ggml-'));
  bytes = tinyModelBytes();
});

const write = (name: string, content: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('checkModel', () => {
  it('accepts a well-formed model outside the published table as unverified', async () => {
    const file = write('custom.bin', bytes);
    const check = await checkModel(file);
    expect(check).toMatchObject({ ok: true, known: null, bytes: bytes.length });
    expect(check.ok && check.hparams).toMatchObject({
      nVocab: 51864,
      nMels: 80,
      nAudioLayer: 1,
      ftype: 1,
    });
    expect(check.ok && check.sha256).toBe(await sha256File(file));
  });

  it('refuses a file named like a published model whose checksum differs, naming the fetch script', async () => {
    const check = await checkModel(write('ggml-base.en.bin', bytes));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(
      /does not match the published checksum of ggml-base\.en\.bin .*native\/fetch-whisper-model\.sh/,
    );
  });

  it('refuses a vocabulary without the space token whisper.cpp needs', async () => {
    const broken = Buffer.from(bytes);
    // The vocabulary starts after magic, 11 hparams, 2 ints and the 80 x 201 filters, then its count.
    let at = 4 + 44 + 8 + 80 * 201 * 4 + 4;
    for (let id = 0; id < 220; id++) at += 4 + broken.readUInt32LE(at);
    expect(broken.readUInt32LE(at)).toBe(1);
    broken.write('!', at + 4);
    const check = await checkModel(write('no-space.bin', broken));
    expect(!check.ok && check.reason).toMatch(/space token at id 220/);
  });

  it('refuses hyper-parameters that are not a whisper model', async () => {
    const broken = Buffer.from(bytes);
    broken.writeInt32LE(64, 4 + 9 * 4); // n_mels
    const check = await checkModel(write('mels.bin', broken));
    expect(!check.ok && check.reason).toMatch(/64 mel bins/);
  });

  it('refuses a file with extra tensors or trailing bytes beyond the model', async () => {
    const check = await checkModel(write('trailing.bin', Buffer.concat([bytes, Buffer.alloc(7)])));
    expect(!check.ok && check.reason).toMatch(/truncated|damaged|ends inside/);
  });
});

describe('the table of published models', () => {
  it('has one distinct sha256 and size per model, and the names fetch-whisper-model.sh knows', () => {
    expect(new Set(KNOWN_MODELS.map((m) => m.sha256)).size).toBe(KNOWN_MODELS.length);
    for (const model of KNOWN_MODELS) {
      expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(model.file).toBe(`ggml-${model.name}.bin`);
    }
    const script = readFileSync('native/fetch-whisper-model.sh', 'utf8');
    for (const model of KNOWN_MODELS) {
      expect(script).toContain(`${model.name}|${model.sha256}|${model.bytes}`);
    }
  });
});
