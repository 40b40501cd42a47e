/**
 * Test helper: writes a tiny whisper.cpp ggml model with random weights, so the binding's real
 * load and inference paths run here without any published weights (none are reachable from
 * the build machines). Its output text is meaningless; its structure, timings and errors are
 * what the tests look at.
 *
 * The layout is whisper.cpp's own (see `whisper_model_load` in whisper.cpp/src/whisper.cpp):
 * magic, 11 int32 hyper-parameters, the mel filter bank, the vocabulary, then every tensor as
 * (n_dims, name length, type, dims…, name, data). About 8 MB in f16.
 */
import { writeFileSync } from 'node:fs';
import { GGML_MAGIC } from './ggml-model';

export interface TinyModelOptions {
  /** Seed of the weights, so a failing test sees the same model again. */
  seed?: number;
  /** Hidden size of encoder and decoder; 64 is the least that runs quickly and cleanly. */
  state?: number;
  layers?: number;
}

// whisper.cpp requires these: the English vocabulary size, 30 s of audio context, 80 mel bins.
const N_VOCAB = 51864;
const N_AUDIO_CTX = 1500;
const N_TEXT_CTX = 448;
const N_MELS = 80;
const N_FFT = 201;
/** GPT-2 byte-level tokens before the special ones; whisper.cpp adds the rest itself. */
const VOCAB_ENTRIES = 50256;
/** whisper.cpp looks the plain space up by text during decoding and throws if it is absent. */
const SPACE_TOKEN = 220;
const FTYPE_F16 = 1;
const TYPE_F32 = 0;
const TYPE_F16 = 1;

interface TensorSpec {
  name: string;
  /** ggml order: the fastest-varying dimension first. */
  dims: number[];
  type: typeof TYPE_F32 | typeof TYPE_F16;
  fill: 'random' | 'ones' | 'zeros';
}

function tensorSpecs(state: number, layers: number): TensorSpec[] {
  const f16 = (name: string, ...dims: number[]): TensorSpec => ({
    name,
    dims,
    type: TYPE_F16,
    fill: 'random',
  });
  const f32 = (name: string, fill: TensorSpec['fill'], ...dims: number[]): TensorSpec => ({
    name,
    dims,
    type: TYPE_F32,
    fill,
  });
  // One attention block; `cross` adds the decoder's attention over the audio.
  const block = (prefix: string, attn: string): TensorSpec[] => [
    f32(`${prefix}.${attn}_ln.weight`, 'ones', state),
    f32(`${prefix}.${attn}_ln.bias`, 'zeros', state),
    f16(`${prefix}.${attn}.query.weight`, state, state),
    f32(`${prefix}.${attn}.query.bias`, 'zeros', state),
    f16(`${prefix}.${attn}.key.weight`, state, state),
    f16(`${prefix}.${attn}.value.weight`, state, state),
    f32(`${prefix}.${attn}.value.bias`, 'zeros', state),
    f16(`${prefix}.${attn}.out.weight`, state, state),
    f32(`${prefix}.${attn}.out.bias`, 'zeros', state),
  ];
  const mlp = (prefix: string): TensorSpec[] => [
    f32(`${prefix}.mlp_ln.weight`, 'ones', state),
    f32(`${prefix}.mlp_ln.bias`, 'zeros', state),
    f16(`${prefix}.mlp.0.weight`, state, 4 * state),
    f32(`${prefix}.mlp.0.bias`, 'zeros', 4 * state),
    f16(`${prefix}.mlp.2.weight`, 4 * state, state),
    f32(`${prefix}.mlp.2.bias`, 'zeros', state),
  ];
  const specs: TensorSpec[] = [
    f32('encoder.positional_embedding', 'random', state, N_AUDIO_CTX),
    f16('encoder.conv1.weight', 3, N_MELS, state),
    f32('encoder.conv1.bias', 'zeros', 1, state),
    f16('encoder.conv2.weight', 3, state, state),
    f32('encoder.conv2.bias', 'zeros', 1, state),
    f32('encoder.ln_post.weight', 'ones', state),
    f32('encoder.ln_post.bias', 'zeros', state),
  ];
  for (let i = 0; i < layers; i++) {
    specs.push(...mlp(`encoder.blocks.${i}`), ...block(`encoder.blocks.${i}`, 'attn'));
  }
  specs.push(
    f32('decoder.positional_embedding', 'random', state, N_TEXT_CTX),
    f16('decoder.token_embedding.weight', state, N_VOCAB),
    f32('decoder.ln.weight', 'ones', state),
    f32('decoder.ln.bias', 'zeros', state),
  );
  for (let i = 0; i < layers; i++) {
    specs.push(
      ...mlp(`decoder.blocks.${i}`),
      ...block(`decoder.blocks.${i}`, 'attn'),
      ...block(`decoder.blocks.${i}`, 'cross_attn'),
    );
  }
  return specs;
}

/** A deterministic xorshift32 stream of uniforms in [-1, 1). */
function uniforms(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2147483648 - 1;
  };
}

const halfScratch = new Float32Array(1);
const halfBits = new Uint32Array(halfScratch.buffer);

/** IEEE half precision bits of a small float (normal range only, which is all we write). */
function toHalf(value: number): number {
  halfScratch[0] = value;
  const bits = halfBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | ((bits >>> 13) & 0x3ff);
}

class Writer {
  private readonly chunks: Buffer[] = [];
  int32(...values: number[]): void {
    const buf = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => buf.writeInt32LE(v, 4 * i));
    this.chunks.push(buf);
  }
  bytes(buf: Buffer): void {
    this.chunks.push(buf);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** The bytes of a tiny random-weight whisper model. */
export function tinyModelBytes({
  seed = 1,
  state = 64,
  layers = 1,
}: TinyModelOptions = {}): Buffer {
  const random = uniforms(seed);
  const out = new Writer();
  out.int32(GGML_MAGIC);
  // n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
  // n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
  out.int32(
    N_VOCAB,
    N_AUDIO_CTX,
    state,
    1,
    layers,
    N_TEXT_CTX,
    state,
    1,
    layers,
    N_MELS,
    FTYPE_F16,
  );

  out.int32(N_MELS, N_FFT);
  const filters = Buffer.alloc(N_MELS * N_FFT * 4);
  for (let i = 0; i < N_MELS * N_FFT; i++) filters.writeFloatLE(Math.abs(random()) * 0.01, 4 * i);
  out.bytes(filters);

  out.int32(VOCAB_ENTRIES);
  for (let id = 0; id < VOCAB_ENTRIES; id++) {
    // Every other token starts a word, as GPT-2's do, so word grouping has something to do.
    const text = id === SPACE_TOKEN ? ' ' : id % 2 === 0 ? ` w${id}` : `p${id}`;
    const bytes = Buffer.from(text, 'utf8');
    out.int32(bytes.length);
    out.bytes(bytes);
  }

  for (const spec of tensorSpecs(state, layers)) {
    const name = Buffer.from(spec.name, 'utf8');
    out.int32(spec.dims.length, name.length, spec.type, ...spec.dims);
    out.bytes(name);
    const count = spec.dims.reduce((a, b) => a * b, 1);
    const width = spec.type === TYPE_F16 ? 2 : 4;
    const data = Buffer.alloc(count * width);
    // Small weights keep activations finite through the random network.
    const value = () => (spec.fill === 'ones' ? 1 : spec.fill === 'zeros' ? 0 : random() * 0.05);
    for (let i = 0; i < count; i++) {
      if (width === 2) data.writeUInt16LE(toHalf(value()), 2 * i);
      else data.writeFloatLE(value(), 4 * i);
    }
    out.bytes(data);
  }
  return out.toBuffer();
}

/** Writes a tiny random-weight whisper model to `file` and returns its size in bytes. */
export function writeTinyModel(file: string, options: TinyModelOptions = {}): number {
  const bytes = tinyModelBytes(options);
  writeFileSync(file, bytes);
  return bytes.length;
}
