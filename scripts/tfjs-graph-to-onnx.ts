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

/**
 * Each converted model: human's file name → the bundled ONNX file name (models.ts), and the
 * outputs kept. Neither engine uses the eye contours (see mesh-landmarks.ts), so the face
 * mesh keeps its face score and 468 points, and the iris model only its 5 iris points: the
 * layers that compute only contours are left out (the iris model's contour half is about
 * half its work).
 */
export const CONVERSIONS = [
  {
    from: 'facemesh.json',
    to: 'facemesh.onnx',
    outputs: { Identity_1: 'Identity_1:0', Identity_2: 'Identity_2:0' },
  },
  {
    from: 'iris.json',
    to: 'iris.onnx',
    outputs: { 'StatefulPartitionedCall/model/conv_iris/BiasAdd': 'iris:0' },
  },
] as const;

export const humanModelsDir = () => path.resolve('node_modules/@vladmandic/human/models');

if (process.argv[1]?.endsWith('tfjs-graph-to-onnx.mjs')) {
  for (const { from, to, outputs } of CONVERSIONS) {
    const bytes = await convertGraphModel(path.join(humanModelsDir(), from), outputs);
    const target = path.resolve('resources/models', to);
    await writeFile(target, bytes);
    console.log(`${from} → ${path.relative(process.cwd(), target)} (${bytes.length} bytes)`);
  }
}
