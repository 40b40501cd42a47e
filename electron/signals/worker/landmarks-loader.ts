import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tfc from '@tensorflow/tfjs-core';

type Tf = typeof tfc;

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: object;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
  weightsManifest?: { paths: string[]; weights: tfc.io.WeightsManifestEntry[] }[];
}

/** Reads a tfjs graph model (model.json and its weight shards) from disk. */
export async function readModelArtifacts(jsonFile: string): Promise<tfc.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(jsonFile, 'utf8')) as ModelJson;
  const groups = json.weightsManifest ?? [];
  const shards = await Promise.all(
    groups
      .flatMap((group) => group.paths)
      .map((shard) => readFile(path.join(path.dirname(jsonFile), shard))),
  );
  // One contiguous buffer: decodeWeights reads the weights from it in manifest order.
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.length, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.length;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: groups.flatMap((group) => group.weights),
    weightData: weightData.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

/** The files a graph model needs: its JSON and every weight shard the JSON lists. */
export function modelFiles(jsonFile: string): string[] {
  if (!existsSync(jsonFile)) return [jsonFile];
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as ModelJson;
  const shards = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  return [jsonFile, ...shards.map((shard) => path.join(path.dirname(jsonFile), shard))];
}

const routed = new WeakSet<object>();

/**
 * Lets tfjs load `file://` model URLs. tfjs fetches models over HTTP, and Node's fetch rejects
 * `file://`, so without this router human cannot load the models shipped on disk. Registered
 * once per tfjs instance: two routers for one URL make tfjs refuse to load it.
 */
export function registerFileLoader(tf: Tf): void {
  if (routed.has(tf.io)) return;
  routed.add(tf.io);
  const router = (url: string | string[]): tfc.io.IOHandler | null => {
    const target = Array.isArray(url) ? url[0] : url;
    if (typeof target !== 'string' || !target.startsWith('file://')) return null;
    return { load: () => readModelArtifacts(fileURLToPath(target)) };
  };
  // tfjs types a router as always returning a handler, but its registry skips null answers.
  tf.io.registerLoadRouter(router as Parameters<Tf['io']['registerLoadRouter']>[0]);
}
