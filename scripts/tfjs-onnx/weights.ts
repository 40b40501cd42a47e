/*
 * The weights of a tfjs graph model as plain typed arrays, for the ONNX converter. The model
 * files are read by the same loader the runtime uses (landmarks-loader.ts); the decoding is
 * done here instead of by tfjs's decodeWeights, which needs a tfjs backend to make tensors.
 */
import { readModelArtifacts } from '../../electron/signals/worker/landmarks-loader';

export interface Weight {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

interface Spec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1 };

/** IEEE half-precision bits to a number (human ships facemesh quantised to float16). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decode(spec: Spec, bytes: DataView, offset: number, count: number): Weight['data'] {
  const dtype = spec.dtype === 'int32' ? 'int32' : 'float32';
  const out = dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
  const q = spec.quantization;
  for (let i = 0; i < count; i++) {
    if (!q) {
      out[i] =
        dtype === 'int32'
          ? bytes.getInt32(offset + i * 4, true)
          : bytes.getFloat32(offset + i * 4, true);
    } else if (q.dtype === 'float16') {
      out[i] = halfToFloat(bytes.getUint16(offset + i * 2, true));
    } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      const raw =
        q.dtype === 'uint8' ? bytes.getUint8(offset + i) : bytes.getUint16(offset + i * 2, true);
      out[i] = raw * (q.scale ?? 1) + (q.min ?? 0);
    } else {
      throw new Error(`Weight ${spec.name} has an unsupported quantisation ${q.dtype}`);
    }
  }
  return out;
}

/** The model's JSON topology and every weight by name, in manifest order. */
export async function readGraphModel(
  jsonFile: string,
): Promise<{ topology: unknown; signature: unknown; weights: Map<string, Weight> }> {
  const artifacts = await readModelArtifacts(jsonFile);
  const specs = (artifacts.weightSpecs ?? []) as Spec[];
  const buffer = artifacts.weightData as ArrayBuffer;
  const bytes = new DataView(buffer);
  const weights = new Map<string, Weight>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const width = BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (!width) throw new Error(`Weight ${spec.name} has an unsupported dtype ${spec.dtype}`);
    weights.set(spec.name, {
      shape: spec.shape,
      dtype: spec.dtype === 'int32' ? 'int32' : 'float32',
      data: decode(spec, bytes, offset, count),
    });
    offset += count * width;
  }
  if (offset !== buffer.byteLength) {
    throw new Error(
      `${jsonFile}: weights take ${offset} bytes, the shards hold ${buffer.byteLength}`,
    );
  }
  return { topology: artifacts.modelTopology, signature: artifacts.signature, weights };
}
