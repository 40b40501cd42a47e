import type * as tfc from '@tensorflow/tfjs-core';

/*
 * The part of `@tensorflow/tfjs-converter`'s GraphModel that human uses for its face models.
 * human's Node builds `require('@tensorflow/tfjs-converter')`, but the package is not a
 * dependency of human and is not installed here, so this runs the three face graphs
 * (blazeface, facemesh, iris) with tfjs-core ops: 13 op types, all NHWC, all single-output.
 * Another graph fails to load with an error naming the ops it lacks. Should
 * @tensorflow/tfjs-converter 4.22 join package.json, landmarks.ts can hand human the real one
 * instead (it still needs `created`, for the load check and for releasing weights on close).
 */

type Tf = typeof tfc;
type Tensor = tfc.Tensor;

interface Attr {
  i?: string;
  f?: number;
  s?: string;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim?: { size: string }[] };
}

interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, Attr>;
}

interface Signature {
  inputs?: Record<string, { name: string }>;
  outputs?: Record<string, { name: string }>;
}

interface PreparedNode {
  name: string;
  op: string;
  inputs: string[];
  attr: Record<string, Attr>;
}

type OpFn = (x: Tensor[], node: PreparedNode, consts: (index: number) => number[]) => Tensor;

const text = (attr: Attr | undefined): string =>
  attr?.s === undefined ? '' : Buffer.from(attr.s, 'base64').toString('utf8');
const ints = (attr: Attr | undefined): number[] => (attr?.list?.i ?? []).map(Number);
/** TF lists strides, dilations and window sizes as NHWC quadruples; tfjs wants [h, w]. */
const hw = (attr: Attr | undefined): [number, number] => {
  const [, h = 1, w = 1] = ints(attr);
  return [h, w];
};
const nodeName = (ref: string): string => ref.replace(/^\^/, '').replace(/:0$/, '');

function padding(node: PreparedNode): 'same' | 'valid' {
  const mode = text(node.attr.padding);
  if (mode === 'SAME') return 'same';
  if (mode === 'VALID') return 'valid';
  throw new Error(`${node.op} ${node.name}: padding ${mode} is not supported`);
}

function createOps(tf: Tf): Record<string, OpFn> {
  const first = (x: Tensor[]): Tensor => required(x[0]);
  return {
    Identity: (x) => first(x),
    AddV2: (x) => tf.add(first(x), required(x[1])),
    Add: (x) => tf.add(first(x), required(x[1])),
    Relu: (x) => tf.relu(first(x)),
    Sigmoid: (x) => tf.sigmoid(first(x)),
    Prelu: (x) => tf.prelu(first(x), required(x[1])),
    Reshape: (x, _node, consts) => tf.reshape(first(x), consts(1)),
    ConcatV2: (x, _node, consts) => tf.concat(x.slice(0, -1), consts(x.length - 1)[0]),
    Pad: (x, _node, consts) => {
      const flat = consts(1);
      const pairs = Array.from({ length: flat.length / 2 }, (_, i): [number, number] => [
        flat[2 * i] ?? 0,
        flat[2 * i + 1] ?? 0,
      ]);
      return tf.pad(first(x), pairs);
    },
    MaxPool: (x, node) =>
      tf.maxPool(
        first(x) as tfc.Tensor4D,
        hw(node.attr.ksize),
        hw(node.attr.strides),
        padding(node),
      ),
    DepthwiseConv2dNative: (x, node) =>
      tf.depthwiseConv2d(
        first(x) as tfc.Tensor4D,
        required(x[1]) as tfc.Tensor4D,
        hw(node.attr.strides),
        padding(node),
        'NHWC',
        hw(node.attr.dilations),
      ),
    _FusedConv2D: (x, node) => {
      const fused = (node.attr.fused_ops?.list?.s ?? []).map((s) => text({ s }));
      if (fused[0] !== 'BiasAdd') throw new Error(`_FusedConv2D ${node.name}: ${fused.join('+')}`);
      const activations: Record<string, 'relu' | 'relu6' | 'prelu' | undefined> = {
        Relu: 'relu',
        Relu6: 'relu6',
        Prelu: 'prelu',
      };
      const activation = fused[1] === undefined ? undefined : activations[fused[1]];
      if (fused[1] !== undefined && activation === undefined) {
        throw new Error(`_FusedConv2D ${node.name}: activation ${fused[1]} is not supported`);
      }
      return tf.fused.conv2d({
        x: first(x) as tfc.Tensor4D,
        filter: required(x[1]) as tfc.Tensor4D,
        bias: x[2],
        strides: hw(node.attr.strides),
        pad: padding(node),
        dataFormat: 'NHWC',
        dilations: hw(node.attr.dilations),
        activation: activation ?? 'linear',
        preluActivationWeights: activation === 'prelu' ? x[3] : undefined,
      });
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('graph node is missing an input');
  return value;
}

/** Builds a module object that stands in for `@tensorflow/tfjs-converter` inside human. */
export function createGraphConverter(tf: Tf): {
  GraphModel: new (url: string) => GraphModel;
  loadGraphModel: (url: string) => Promise<GraphModel>;
  created: Set<GraphModel>;
} {
  const ops = createOps(tf);
  const created = new Set<GraphModel>();

  class Model implements GraphModel {
    handler: tfc.io.IOHandler | undefined;
    artifacts: tfc.io.ModelArtifacts | undefined;
    modelSignature: Signature | undefined;
    loadError: Error | undefined;
    executor: { graph: { nodes: Record<string, PreparedNode> } } | undefined;
    private weights: Record<string, Tensor> = {};
    private constValues = new Map<string, number[]>();
    private inputNames: string[] = [];
    private outputNames: string[] = [];
    private orders = new Map<string, PreparedNode[]>();
    inputs: { name: string; shape: number[] | undefined; dtype: 'float32' }[] = [];

    constructor(readonly modelUrl: string) {
      created.add(this);
    }

    findIOHandler(): void {
      const handlers = tf.io.getLoadHandlers(this.modelUrl);
      if (handlers.length !== 1) throw new Error(`No single loader for ${this.modelUrl}`);
      this.handler = handlers[0];
    }

    async load(): Promise<boolean> {
      this.findIOHandler();
      const artifacts = await this.handler?.load?.();
      if (!artifacts) throw new Error(`Could not load ${this.modelUrl}`);
      return this.loadSync(artifacts);
    }

    loadSync(artifacts: tfc.io.ModelArtifacts): boolean {
      // human catches and logs load errors; keep the reason so the caller can report it.
      try {
        return this.build(artifacts);
      } catch (error) {
        this.loadError = error as Error;
        throw error;
      }
    }

    private build(artifacts: tfc.io.ModelArtifacts): boolean {
      const topology = artifacts.modelTopology as { node?: NodeDef[] } | undefined;
      const defs = topology?.node ?? [];
      const unsupported = defs.filter(
        (def) => def.op !== 'Const' && def.op !== 'Placeholder' && !(def.op in ops),
      );
      if (unsupported.length > 0) {
        throw new Error(`${this.modelUrl} uses unsupported ops: ${unsupported.map((d) => d.op)}`);
      }
      this.artifacts = artifacts;
      this.weights = tf.io.decodeWeights(
        artifacts.weightData ?? new ArrayBuffer(0),
        artifacts.weightSpecs ?? [],
      );
      const nodes: Record<string, PreparedNode> = {};
      for (const def of defs) {
        const inputs = (def.input ?? []).filter((ref) => !ref.startsWith('^')).map(nodeName);
        nodes[def.name] = { name: def.name, op: def.op, inputs, attr: def.attr ?? {} };
      }
      this.executor = { graph: { nodes } };
      // Same choice of inputs and outputs as tfjs-converter, so human sees the same order.
      const meta = artifacts.userDefinedMetadata as { signature?: Signature } | undefined;
      const signature = meta?.signature ?? (artifacts.signature as Signature | undefined);
      this.modelSignature = signature;
      const signed = (entries?: Record<string, { name: string }>): string[] =>
        Object.values(entries ?? {}).map((entry) => nodeName(entry.name));
      const consumed = new Set(defs.flatMap((def) => nodes[def.name]?.inputs ?? []));
      this.outputNames = signed(signature?.outputs);
      if (this.outputNames.length === 0) {
        this.outputNames = defs.filter((def) => !consumed.has(def.name)).map((def) => def.name);
      }
      this.inputNames = signed(signature?.inputs);
      if (this.inputNames.length === 0) {
        this.inputNames = defs.filter((def) => def.op === 'Placeholder').map((def) => def.name);
      }
      this.inputs = this.inputNames.map((name) => {
        const dims = nodes[name]?.attr.shape?.shape?.dim;
        return { name, shape: dims?.map((dim) => Number(dim.size)), dtype: 'float32' };
      });
      return true;
    }

    /** Runs the graph; like tfjs-converter, returns one tensor for one output, else an array. */
    execute(input: Tensor | Tensor[], outputs?: string | string[]): Tensor | Tensor[] {
      const wanted = outputs === undefined ? this.outputNames : [outputs].flat().map(nodeName);
      const feeds = [input].flat();
      const order = this.order(wanted);
      const result = tf.tidy(() => {
        const values = new Map<string, Tensor>();
        this.inputNames.forEach((name, i) => values.set(name, required(feeds[i])));
        const get = (name: string): Tensor => {
          const value = values.get(name) ?? this.weights[name];
          if (!value) throw new Error(`${this.modelUrl}: no value for ${name}`);
          return value;
        };
        for (const node of order) {
          const consts = (index: number): number[] => this.constOf(required(node.inputs[index]));
          values.set(node.name, required(ops[node.op])(node.inputs.map(get), node, consts));
        }
        // Clones, so a caller disposing an output that is an input or a weight keeps them.
        return wanted.map((name) => get(name).clone());
      });
      return result.length === 1 ? required(result[0]) : result;
    }

    dispose(): void {
      tf.dispose(Object.values(this.weights));
      this.weights = {};
      this.executor = undefined;
      created.delete(this);
    }

    /** Shape, padding and axis operands are graph constants; read each once, not per frame. */
    private constOf(name: string): number[] {
      let values = this.constValues.get(name);
      if (!values) {
        const weight = this.weights[name];
        if (!weight) throw new Error(`${this.modelUrl}: ${name} must be a constant`);
        values = Array.from(weight.dataSync());
        this.constValues.set(name, values);
      }
      return values;
    }

    /** The nodes that produce `wanted`, dependencies first. */
    private order(wanted: string[]): PreparedNode[] {
      const key = wanted.join('\n');
      const cached = this.orders.get(key);
      if (cached) return cached;
      const nodes = this.executor?.graph.nodes ?? {};
      const order: PreparedNode[] = [];
      const seen = new Set<string>();
      const visit = (name: string): void => {
        if (seen.has(name)) return;
        seen.add(name);
        const node = nodes[name];
        if (!node) throw new Error(`${this.modelUrl}: unknown node ${name}`);
        if (node.op === 'Const' || node.op === 'Placeholder') return;
        node.inputs.forEach(visit);
        order.push(node);
      };
      wanted.forEach(visit);
      this.orders.set(key, order);
      return order;
    }
  }

  const loadGraphModel = async (url: string): Promise<GraphModel> => {
    const model = new Model(url);
    await model.load();
    return model;
  };
  return { GraphModel: Model, loadGraphModel, created };
}

/** What human reads and calls on a loaded graph model. */
export interface GraphModel {
  readonly modelUrl: string;
  /** Set once the graph is ready to run. */
  executor: object | undefined;
  loadError: Error | undefined;
  inputs: { name: string; shape: number[] | undefined; dtype: 'float32' }[];
  findIOHandler(): void;
  loadSync(artifacts: tfc.io.ModelArtifacts): boolean;
  execute(input: Tensor | Tensor[], outputs?: string | string[]): Tensor | Tensor[];
  dispose(): void;
}
