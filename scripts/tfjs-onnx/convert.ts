/*
 * tfjs graph model (model.json + shards) → ONNX, for exactly the ops of the MediaPipe face
 * mesh and iris models that @vladmandic/human ships; any other op is refused by name, so a
 * changed model fails loudly instead of converting wrongly.
 *
 * Layout: tfjs runs NHWC, ONNX's Conv and MaxPool NCHW. The graph keeps the model's NHWC
 * input (the engine feeds the same buffer as to tfjs), transposes it once to NCHW, stays
 * NCHW inside (weights and attributes reordered here), and transposes back to NHWC before
 * every Reshape and graph output, so every output has tfjs's shape and element order.
 * The output is deterministic: same input files, same bytes (no timestamps, fixed order).
 */
import onnxProto from 'onnx-proto';
import { readGraphModel, type Weight } from './weights';

const { onnx } = onnxProto;
type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { s?: string; i?: string; list?: { i?: string[]; s?: string[] } }>;
}

const OPSET = 13;
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
/** An NHWC axis as NCHW numbers it. */
const NCHW_AXIS = [0, 2, 3, 1];

const text = (b64?: string) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
const ints = (node: TfNode, key: string) => (node.attr?.[key]?.list?.i ?? []).map(Number);

/** HWIO or HWC1 (depthwise) kernels to OIHW, or [C, 1, kh, kw] for depthwise. */
function toOihw(weight: Weight, depthwise: boolean): { dims: number[]; data: Float32Array } {
  const [kh = 0, kw = 0, ci = 0, co = 0] = weight.shape;
  const src = weight.data;
  // Depthwise weights are [kh, kw, C, multiplier]; with multiplier 1 they are C filters of 1.
  if (depthwise && co !== 1) throw new Error('Depthwise multipliers other than 1 are unsupported');
  const [outs, ins] = depthwise ? [ci, 1] : [co, ci];
  const data = new Float32Array(src.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          const from = ((y * kw + x) * ci + i) * co + o;
          const [oo, ii] = depthwise ? [i, 0] : [o, i];
          data[((oo * ins + ii) * kh + y) * kw + x] = src[from] ?? 0;
        }
      }
    }
  }
  return { dims: [outs, ins, kh, kw], data };
}

class Builder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  private readonly named = new Set<string>();

  constant(name: string, dims: number[], data: Float32Array | BigInt64Array): string {
    // A weight used twice is stored once.
    if (this.named.has(name)) return name;
    this.named.add(name);
    const float = data instanceof Float32Array;
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims,
        dataType: float ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
        // Little-endian raw bytes, which is what typed arrays hold on x64 and arm64.
        rawData: new Uint8Array(
          data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        ),
      }),
    );
    return name;
  }

  node(
    op: string,
    inputs: string[],
    name: string,
    attrs: Record<string, number | number[] | string> = {},
  ): string {
    const attribute = Object.entries(attrs).map(([key, value]) =>
      typeof value === 'string'
        ? { name: key, type: onnx.AttributeProto.AttributeType.STRING, s: Buffer.from(value) }
        : Array.isArray(value)
          ? { name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value }
          : { name: key, type: onnx.AttributeProto.AttributeType.INT, i: value },
    );
    this.nodes.push(
      onnx.NodeProto.create({ opType: op, input: inputs, output: [name], name, attribute }),
    );
    return name;
  }

  unique(base: string): string {
    this.count += 1;
    return `${base}/onnx_${this.count}`;
  }
}

/** The nodes `outputs` depend on, in the model's order (tfjs lists inputs first). */
function pruned(nodes: TfNode[], outputs: string[]): TfNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    const node = byName.get(name);
    if (!node) throw new Error(`The model has no node ${name}`);
    if (needed.has(name)) return;
    needed.add(name);
    (node.input ?? []).forEach((input) => visit(input.replace(/:0$/, '')));
  };
  outputs.forEach(visit);
  return nodes.filter((n) => needed.has(n.name));
}

/**
 * Converts one tfjs graph model file to ONNX model bytes. `outputs` maps the tf nodes to
 * keep as graph outputs to their ONNX names; nodes none of them needs are left out (the
 * engines use neither model's eye contours, about half the iris model's work). Without it,
 * every node is converted and the outputs are the nodes nothing consumes, named "node:0".
 */
export async function convertGraphModel(
  jsonFile: string,
  outputs?: Record<string, string>,
): Promise<Uint8Array> {
  const { topology, weights } = await readGraphModel(jsonFile);
  const allNodes = (topology as { node: TfNode[] }).node;
  const tfNodes = outputs ? pruned(allNodes, Object.keys(outputs)) : allNodes;
  const byName = new Map(tfNodes.map((n) => [n.name, n]));
  const b = new Builder();
  /** ONNX tensor for each converted tf node; `nchw` when it is a rank-4 tensor in NCHW. */
  const values = new Map<string, { name: string; nchw: boolean }>();
  const consumed = new Set<string>();
  const ref = (input: string) => input.replace(/:0$/, '');
  const weightOf = (input: string): Weight => {
    const w = weights.get(ref(input));
    if (!w || byName.get(ref(input))?.op !== 'Const') throw new Error(`${input} is not a constant`);
    return w;
  };
  const valueOf = (input: string) => {
    const v = values.get(ref(input));
    if (!v) throw new Error(`${input} is used before it is computed`);
    return v;
  };
  const nchw = (input: string) => {
    const v = valueOf(input);
    if (!v.nchw) throw new Error(`${input} is not a rank-4 feature map`);
    return v.name;
  };
  const floats = (w: Weight) => Float32Array.from(w.data);
  /**
   * PReLU as alpha·x + (1 − alpha)·relu(x), both scalings per-channel 1x1 depthwise convs
   * (the same for x ≥ 0 and x < 0). onnxruntime has no blocked (NCHWc) PRelu kernel: a PRelu
   * node makes it reorder the feature map out of and back into its blocked layout around
   * every one, which with PRelu itself took 45–55% of each model's time; convs, Relu and the
   * sum stay blocked. onnxruntime's own profile, one thread, same machine and load: face mesh
   * 10.6 → 4.8 ms a run, iris (both eyes) 18.4 → 8.4 ms.
   */
  const prelu = (x: string, slopeInput: string, name: string) => {
    const w = weightOf(slopeInput);
    const channels = w.data.length;
    const slope = floats(w);
    const dims = [channels, 1, 1, 1];
    const scaled = b.constant(`${ref(slopeInput)}/alpha`, dims, slope);
    const rest = b.constant(
      `${ref(slopeInput)}/one_minus_alpha`,
      dims,
      slope.map((a) => 1 - a),
    );
    const depthwise = { kernel_shape: [1, 1], group: channels };
    const relu = b.node('Relu', [x], b.unique(name));
    const linear = b.node('Conv', [x, scaled], b.unique(name), depthwise);
    const bent = b.node('Conv', [relu, rest], b.unique(name), depthwise);
    return b.node('Add', [linear, bent], name);
  };
  const inputs: { name: string; dims: number[] }[] = [];

  for (const node of tfNodes) {
    const ins = node.input ?? [];
    ins.forEach((i) => consumed.add(ref(i)));
    const padding = text(node.attr?.padding?.s);
    const spatial = (key: string) => ints(node, key).slice(1, 3);
    const pads: Record<string, string | number[]> =
      padding === 'SAME' ? { auto_pad: 'SAME_UPPER' } : { pads: [0, 0, 0, 0] };
    if (padding && padding !== 'SAME' && padding !== 'VALID') {
      throw new Error(`${node.name}: padding ${padding} is unsupported`);
    }
    const format = text(node.attr?.data_format?.s);
    if (format && format !== 'NHWC')
      throw new Error(`${node.name}: layout ${format} is unsupported`);
    const out = (name: string, isNchw = true) => values.set(node.name, { name, nchw: isNchw });

    switch (node.op) {
      case 'Const':
        break;
      case 'Placeholder': {
        const dims = (
          node.attr as unknown as { shape: { shape: { dim: { size: string }[] } } }
        ).shape.shape.dim.map((d) => Number(d.size));
        if (dims.length !== 4)
          throw new Error(`${node.name}: only NHWC image inputs are supported`);
        inputs.push({ name: node.name, dims });
        out(b.node('Transpose', [node.name], `${node.name}/nchw`, { perm: TO_NCHW }));
        break;
      }
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative': {
        const depthwise = node.op === 'DepthwiseConv2dNative';
        const fused = (node.attr?.fused_ops?.list?.s ?? []).map(text);
        if (
          fused.some((op) => op !== 'BiasAdd' && op !== 'Prelu') ||
          (!depthwise && fused[0] !== 'BiasAdd')
        ) {
          throw new Error(`${node.name}: fused ops ${fused.join('+')} are unsupported`);
        }
        const [x = '', w = '', bias, slope] = ins;
        const kernel = toOihw(weightOf(w), depthwise);
        const conv = [nchw(x), b.constant(ref(w), kernel.dims, kernel.data)];
        if (!depthwise)
          conv.push(
            b.constant(ref(bias ?? ''), [kernel.dims[0] ?? 0], floats(weightOf(bias ?? ''))),
          );
        const name = fused.includes('Prelu') ? b.unique(node.name) : node.name;
        b.node('Conv', conv, name, {
          ...pads,
          strides: spatial('strides'),
          dilations: spatial('dilations'),
          kernel_shape: kernel.dims.slice(2),
          group: depthwise ? (kernel.dims[0] ?? 1) : 1,
        });
        out(fused.includes('Prelu') ? prelu(name, slope ?? '', node.name) : name);
        break;
      }
      case 'Prelu':
        out(prelu(nchw(ins[0] ?? ''), ins[1] ?? '', node.name));
        break;
      case 'AddV2':
        out(b.node('Add', [nchw(ins[0] ?? ''), nchw(ins[1] ?? '')], node.name));
        break;
      case 'Sigmoid': {
        const v = valueOf(ins[0] ?? '');
        out(b.node('Sigmoid', [v.name], node.name), v.nchw);
        break;
      }
      case 'MaxPool':
        out(
          b.node('MaxPool', [nchw(ins[0] ?? '')], node.name, {
            ...pads,
            kernel_shape: spatial('ksize'),
            strides: spatial('strides'),
          }),
        );
        break;
      case 'Pad': {
        // tf paddings are [[begin, end]] per NHWC axis; ONNX wants all begins, then all ends,
        // in NCHW axis order.
        const p = Array.from(weightOf(ins[1] ?? '').data);
        const reordered = [
          ...TO_NCHW.map((a) => p[a * 2] ?? 0),
          ...TO_NCHW.map((a) => p[a * 2 + 1] ?? 0),
        ];
        const padsName = b.constant(
          ref(ins[1] ?? ''),
          [8],
          BigInt64Array.from(reordered.map(BigInt)),
        );
        out(b.node('Pad', [nchw(ins[0] ?? ''), padsName], node.name, { mode: 'constant' }));
        break;
      }
      case 'Reshape': {
        const v = valueOf(ins[0] ?? '');
        // Back to tfjs's element order before flattening, so the values come out as in tfjs.
        const source = v.nchw
          ? b.node('Transpose', [v.name], b.unique(node.name), { perm: TO_NHWC })
          : v.name;
        const shape = weightOf(ins[1] ?? '');
        const shapeName = b.constant(
          ref(ins[1] ?? ''),
          [shape.data.length],
          BigInt64Array.from(Array.from(shape.data).map(BigInt)),
        );
        out(b.node('Reshape', [source, shapeName], node.name), false);
        break;
      }
      case 'ConcatV2': {
        const tensors = ins.slice(0, -1);
        const [axis = 0] = Array.from(weightOf(ins[ins.length - 1] ?? '').data);
        out(
          b.node('Concat', tensors.map(nchw), node.name, { axis: NCHW_AXIS[(axis + 4) % 4] ?? 0 }),
        );
        break;
      }
      case 'Identity': {
        const v = valueOf(ins[0] ?? '');
        out(b.node('Identity', [v.name], node.name), v.nchw);
        break;
      }
      default:
        throw new Error(`${node.name}: op ${node.op} is not supported by this converter`);
    }
  }

  // Graph outputs: the ones asked for, or else every computed tensor nothing consumes, named
  // like tfjs's signature ("Identity:0").
  const graphOutputs = [...values.entries()]
    .filter(([name]) => (outputs ? name in outputs : !consumed.has(name)))
    .map(([name, v]) => {
      const outName = outputs?.[name] ?? `${name}:0`;
      b.node(v.nchw ? 'Transpose' : 'Identity', [v.name], outName, v.nchw ? { perm: TO_NHWC } : {});
      return outName;
    })
    .sort();
  const floatType = (dims?: number[]) => ({
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: dims && { dim: dims.map((d) => (d > 0 ? { dimValue: d } : { dimParam: 'batch' })) },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'interview-station scripts/tfjs-graph-to-onnx.ts',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'tfjs_graph',
      node: b.nodes,
      initializer: b.initializers,
      input: inputs.map((i) => ({ name: i.name, type: floatType(i.dims) })),
      output: graphOutputs.map((name) => ({ name, type: floatType() })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
