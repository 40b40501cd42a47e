/**
 * Checks a whisper.cpp ggml model file before the binding ever sees it. whisper.cpp aborts the
 * whole process on some bad files (an unknown `ftype` is a GGML_ASSERT) and "loads" a file cut
 * inside its vocabulary with uninitialised weights, so the station reads the file's structure
 * itself — magic, hyper-parameters, mel filters, vocabulary, every tensor header — and its
 * sha256, and only then lets the binding load it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';

/** "ggml" read as a little-endian uint32: the first four bytes of every whisper.cpp model. */
export const GGML_MAGIC = 0x67676d6c;

export interface KnownModel {
  /** whisper.cpp's name for it, e.g. "base.en". */
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  englishOnly: boolean;
}

/**
 * The official conversions in the ggerganov/whisper.cpp repository on Hugging Face. The sha256
 * values are the files' git-LFS object ids; the ones below were taken from public projects that
 * pin these downloads (Nix `fetchurl` hashes, which Nix checks on every fetch, and model
 * catalogues with byte sizes), each found in several independent projects. whisper.cpp's own
 * models/README lists SHA-1s only. native/fetch-whisper-model.sh checks the same values.
 */
export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    name: 'base.en',
    file: 'ggml-base.en.bin',
    bytes: 147_964_211,
    sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
    englishOnly: true,
  },
  {
    name: 'small.en',
    file: 'ggml-small.en.bin',
    bytes: 487_614_201,
    sha256: 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d',
    englishOnly: true,
  },
  {
    name: 'tiny.en',
    file: 'ggml-tiny.en.bin',
    bytes: 77_704_715,
    sha256: '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
    englishOnly: true,
  },
  {
    name: 'base',
    file: 'ggml-base.bin',
    bytes: 147_951_465,
    sha256: '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe',
    englishOnly: false,
  },
  {
    name: 'small',
    file: 'ggml-small.bin',
    bytes: 487_601_967,
    sha256: '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b',
    englishOnly: false,
  },
  {
    name: 'tiny',
    file: 'ggml-tiny.bin',
    bytes: 77_691_713,
    sha256: 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21',
    englishOnly: false,
  },
];

export interface WhisperHparams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  ftype: number;
}

export type ModelCheck =
  | {
      ok: true;
      file: string;
      bytes: number;
      sha256: string;
      hparams: WhisperHparams;
      /** The published model this file is, by checksum; null for an unknown (unverified) one. */
      known: KnownModel | null;
    }
  | { ok: false; file: string; reason: string };

/** Raised for a file that is not a loadable whisper.cpp model; the message says why. */
class BadModel extends Error {}

// ggml tensor types whisper models use: bytes per block and elements per block.
const TENSOR_TYPES: Record<number, [bytes: number, block: number]> = {
  0: [4, 1], // f32
  1: [2, 1], // f16
  2: [18, 32], // q4_0
  3: [20, 32], // q4_1
  6: [22, 32], // q5_0
  7: [24, 32], // q5_1
  8: [34, 32], // q8_0
  10: [84, 256], // q2_K
  11: [110, 256], // q3_K
  12: [144, 256], // q4_K
  13: [176, 256], // q5_K
  14: [210, 256], // q6_K
};
// Model-wide ftypes whisper.cpp maps to a weight type; anything else trips a GGML_ASSERT.
const FILE_TYPES = new Set([0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14]);
// ftype carries a quantisation version in its thousands.
const QNT_VERSION_FACTOR = 1000;

/** Reads a file front to back through a window, so the vocabulary is not a syscall per token. */
class Cursor {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  offset = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  private ensure(n: number, what: string): void {
    if (this.offset + n > this.size) {
      throw new BadModel(`the file ends inside its ${what} (truncated or incomplete copy)`);
    }
    const end = this.windowStart + this.window.length;
    if (this.offset >= this.windowStart && this.offset + n <= end) return;
    const length = Math.min(Math.max(n, 1 << 20), this.size - this.offset);
    this.window = Buffer.alloc(length);
    readSync(this.fd, this.window, 0, length, this.offset);
    this.windowStart = this.offset;
  }

  int32(what: string): number {
    this.ensure(4, what);
    const value = this.window.readInt32LE(this.offset - this.windowStart);
    this.offset += 4;
    return value;
  }

  uint32(what: string): number {
    this.ensure(4, what);
    const value = this.window.readUInt32LE(this.offset - this.windowStart);
    this.offset += 4;
    return value;
  }

  text(length: number, what: string): string {
    this.ensure(length, what);
    const at = this.offset - this.windowStart;
    this.offset += length;
    return this.window.toString('utf8', at, at + length);
  }

  skip(length: number, what: string): void {
    if (this.offset + length > this.size) {
      throw new BadModel(`the file ends inside its ${what} (truncated or incomplete copy)`);
    }
    this.offset += length;
  }
}

function readHparams(cursor: Cursor): WhisperHparams {
  const read = () => cursor.int32('header');
  const h: WhisperHparams = {
    nVocab: read(),
    nAudioCtx: read(),
    nAudioState: read(),
    nAudioHead: read(),
    nAudioLayer: read(),
    nTextCtx: read(),
    nTextState: read(),
    nTextHead: read(),
    nTextLayer: read(),
    nMels: read(),
    ftype: read(),
  };
  const fail = (what: string) => {
    throw new BadModel(`its header is not a whisper model's (${what})`);
  };
  if (h.nVocab < 51864 || h.nVocab > 51866) fail(`vocabulary size ${h.nVocab}`);
  if (h.nAudioCtx !== 1500) fail(`audio context ${h.nAudioCtx}`);
  if (h.nTextCtx !== 448) fail(`text context ${h.nTextCtx}`);
  if (h.nMels !== 80 && h.nMels !== 128) fail(`${h.nMels} mel bins`);
  if (h.nAudioState !== h.nTextState || h.nAudioState < 1 || h.nAudioState > 4096) {
    fail(`state sizes ${h.nAudioState}/${h.nTextState}`);
  }
  for (const [heads, layers] of [
    [h.nAudioHead, h.nAudioLayer],
    [h.nTextHead, h.nTextLayer],
  ] as const) {
    if (heads < 1 || h.nAudioState % heads !== 0) fail(`${heads} attention heads`);
    if (layers < 1 || layers > 64) fail(`${layers} layers`);
  }
  if (!FILE_TYPES.has(h.ftype % QNT_VERSION_FACTOR) || h.ftype < 0) {
    fail(`weight type ${h.ftype}, which whisper.cpp cannot load`);
  }
  return h;
}

/** Walks the whole file's structure; throws `BadModel` with the first problem found. */
function readStructure(file: string): WhisperHparams {
  const size = statSync(file).size;
  if (size < 8) throw new BadModel(`it is only ${size} bytes long`);
  const fd = openSync(file, 'r');
  try {
    const cursor = new Cursor(fd, size);
    const magic = cursor.uint32('header');
    if (magic !== GGML_MAGIC) {
      throw new BadModel(
        `it does not start with the ggml magic (0x${magic.toString(16).padStart(8, '0')} ` +
          `instead of 0x${GGML_MAGIC.toString(16)}); it is not a whisper.cpp ggml model`,
      );
    }
    const h = readHparams(cursor);

    const nMel = cursor.int32('mel filters');
    const nFft = cursor.int32('mel filters');
    if (nMel !== h.nMels || nFft !== 201) {
      throw new BadModel(`its mel filter bank is ${nMel} x ${nFft}, not ${h.nMels} x 201`);
    }
    cursor.skip(nMel * nFft * 4, 'mel filters');

    const nTokens = cursor.int32('vocabulary');
    if (nTokens < 1 || nTokens > h.nVocab) {
      throw new BadModel(`its vocabulary has ${nTokens} entries`);
    }
    for (let id = 0; id < nTokens; id++) {
      const length = cursor.uint32('vocabulary');
      if (length > 1024) throw new BadModel(`vocabulary entry ${id} is ${length} bytes long`);
      const token = cursor.text(length, 'vocabulary');
      // Decoding looks up the plain space by text; without it whisper.cpp throws mid-job.
      if (id === 220 && token !== ' ') {
        throw new BadModel('its vocabulary lacks the space token at id 220');
      }
    }

    const expected = 11 + 15 * h.nAudioLayer + 24 * h.nTextLayer;
    const seen = new Set<string>();
    while (cursor.offset < size) {
      const nDims = cursor.int32('tensor headers');
      const nameLength = cursor.int32('tensor headers');
      const type = cursor.int32('tensor headers');
      if (nDims < 1 || nDims > 4 || nameLength < 1 || nameLength > 256) {
        throw new BadModel(`tensor ${seen.size + 1} has a damaged header`);
      }
      const layout = TENSOR_TYPES[type];
      if (!layout) throw new BadModel(`tensor ${seen.size + 1} has unknown type ${type}`);
      let elements = 1;
      for (let i = 0; i < nDims; i++) {
        const dim = cursor.int32('tensor headers');
        if (dim < 1) throw new BadModel(`tensor ${seen.size + 1} has dimension ${dim}`);
        elements *= dim;
      }
      const name = cursor.text(nameLength, 'tensor headers');
      if (seen.has(name)) throw new BadModel(`tensor ${name} appears twice`);
      seen.add(name);
      if (elements % layout[1] !== 0) throw new BadModel(`tensor ${name} has a partial block`);
      cursor.skip((elements / layout[1]) * layout[0], `tensor ${name}`);
    }
    if (seen.size !== expected) {
      throw new BadModel(
        `it holds ${seen.size} tensors where a model of this shape has ${expected} ` +
          '(truncated or incomplete copy)',
      );
    }
    return h;
  } finally {
    closeSync(fd);
  }
}

/** The sha256 of a file, streamed. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Checks a model file: present, structurally a whisper.cpp ggml model from end to end, and —
 * by sha256 — one of the published models. A file named or sized like a published model whose
 * checksum differs is refused as a damaged copy; any other well-formed file is accepted as
 * unverified (`known: null`), so IT can use a model outside the table knowingly.
 */
export async function checkModel(file: string): Promise<ModelCheck> {
  let bytes: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, file, reason: `${file} is not a file` };
    bytes = stat.size;
  } catch {
    return { ok: false, file, reason: `no model file at ${file}` };
  }
  let hparams: WhisperHparams;
  try {
    hparams = readStructure(file);
  } catch (error) {
    if (!(error instanceof BadModel)) throw error;
    return { ok: false, file, reason: `${path.basename(file)} cannot be used: ${error.message}` };
  }
  const sha256 = await sha256File(file);
  const known = KNOWN_MODELS.find((model) => model.sha256 === sha256) ?? null;
  if (!known) {
    const lookalike = KNOWN_MODELS.find(
      (model) => model.file === path.basename(file) || model.bytes === bytes,
    );
    if (lookalike) {
      return {
        ok: false,
        file,
        reason:
          `${path.basename(file)} does not match the published checksum of ${lookalike.file} ` +
          `(sha256 ${sha256}); it is a damaged or altered copy. Fetch it again with ` +
          'native/fetch-whisper-model.sh.',
      };
    }
  }
  return { ok: true, file, bytes, sha256, hparams, known };
}
