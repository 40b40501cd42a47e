/**
 * npm run models:convert — converts the MediaPipe face mesh and iris models that
 * @vladmandic/human ships (tfjs graph JSON + weights) to ONNX under resources/models/, where
 * the station loads them on onnxruntime-node. The conversion is deterministic and its output
 * is committed; tfjs-graph-to-onnx.test.ts re-runs it and compares bytes, so the committed
 * files are provably what this script makes from the installed package.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { convertGraphModel } from './tfjs-onnx/convert';

/** Each converted model: human's file name → the bundled ONNX file name (models.ts). */
export const CONVERSIONS = [
  { from: 'facemesh.json', to: 'facemesh.onnx' },
  { from: 'iris.json', to: 'iris.onnx' },
] as const;

export const humanModelsDir = () => path.resolve('node_modules/@vladmandic/human/models');

if (process.argv[1]?.endsWith('tfjs-graph-to-onnx.mjs')) {
  for (const { from, to } of CONVERSIONS) {
    const bytes = await convertGraphModel(path.join(humanModelsDir(), from));
    const target = path.resolve('resources/models', to);
    await writeFile(target, bytes);
    console.log(`${from} → ${path.relative(process.cwd(), target)} (${bytes.length} bytes)`);
  }
}
