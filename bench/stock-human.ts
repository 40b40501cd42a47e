/**
 * Stock @vladmandic/human for the vision bench: its Node wasm build required as published
 * (no patches), its face detector, mesh and iris with their default settings, everything else
 * off. The yardstick our pipeline is compared with; the station itself never uses this.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as tfc from '@tensorflow/tfjs-core';
import { registerFileLoader } from '../electron/signals/worker/landmarks-loader';
import { defaultModelsDir } from '../electron/signals/worker/human-landmarks';
import { type RgbFrame } from '../shared/frames';

interface StockHuman {
  load(): Promise<void>;
  detect(input: tfc.Tensor): Promise<{ face: { mesh: number[][] }[]; error?: string | null }>;
}

const localRequire = createRequire(import.meta.url);
// human's exports map is malformed (keys without "./"): only its main entry resolves by name.
const humanDist = path.dirname(localRequire.resolve('@vladmandic/human'));
const wasmBackend = localRequire.resolve('@tensorflow/tfjs-backend-wasm');

/** Loads stock human; `detect` returns how many mesh points it found on the frame's face. */
export async function openStockHuman() {
  const tf = localRequire('@tensorflow/tfjs-core') as typeof tfc;
  const { Human } = localRequire(path.join(humanDist, 'human.node-wasm.js')) as {
    Human: new (config: object) => StockHuman;
  };
  // One thread, as ours: the flag is read when the wasm backend initialises.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // Node's fetch rejects file:// URLs; tfjs loads the models through this router instead.
  registerFileLoader(tf);
  const off = { enabled: false };
  const human = new Human({
    backend: 'wasm',
    wasmPath: path.join(path.dirname(wasmBackend), '/'),
    modelBasePath: pathToFileURL(defaultModelsDir()).href,
    debug: false,
    warmup: 'none',
    // Every frame analysed afresh, as ours: human's default would reuse results across
    // similar frames and skip its detector, timing a cache rather than the models.
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: off,
      emotion: off,
      description: off,
      antispoof: off,
      liveness: off,
    },
  });
  await human.load();
  return {
    async detect(frame: RgbFrame): Promise<number> {
      const input = tf.tensor4d(frame.data, [1, frame.height, frame.width, 3], 'float32');
      try {
        const result = await human.detect(input);
        if (result.error) throw new Error(`human failed: ${result.error}`);
        return result.face[0]?.mesh.length ?? 0;
      } finally {
        input.dispose();
      }
    },
  };
}
