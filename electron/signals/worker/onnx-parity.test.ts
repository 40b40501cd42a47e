import path from 'node:path';
import type * as ort from 'onnxruntime-node';
import * as ortRuntime from 'onnxruntime-node';
import type * as tfconv from '@tensorflow/tfjs-converter';
import type * as tfc from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector } from './face-detector';
import { faceRoi, sampleRoi } from './face-crop';
import { defaultModelsDir } from './human-landmarks';
import { readModelArtifacts } from './landmarks-loader';
import { loadTfjs } from './mesh-landmarks';
import { EYES, eyeRois, meshToFrame } from './mesh-points';
import { modelPath, openOnnxModel } from './models';
import { decodeImage, facePhotos } from './test-media';

/*
 * The converted models compute what human's tfjs models compute: the same crops of every
 * face the detector finds in face-api's six demo photos (at two frame sizes), through both
 * runtimes, output for output (the converted models keep only the outputs the engines use). Measured on this machine over the 44 faces: mesh points
 * differ by at most 0.0002 crop pixels, the face score by 2.9e-6, iris points by 0.00004
 * crop pixels. The bars below leave room for other CPUs' float rounding while still
 * failing any layout, weight-order or padding mistake (those move points by whole pixels).
 */
const MAX_POINT_DIFF = 0.01; // crop pixels (192 for the mesh, 64 for the iris)
const MAX_SCORE_DIFF = 1e-4;
const MESH = 192;
// The converted iris model ends at this tf node (its 5 iris points; no eye contours), and
// tfjs can return the same node.
const IRIS_OUT = 'StatefulPartitionedCall/model/conv_iris/BiasAdd';
const IRIS = 64;

type Tf = typeof tfc;

describe('ONNX face mesh and iris against tfjs', () => {
  let detector: FaceDetector;
  let tf: Tf;
  let tfMesh: tfconv.GraphModel;
  let tfIris: tfconv.GraphModel;
  let onnxMesh: ort.InferenceSession;
  let onnxIris: ort.InferenceSession;
  beforeAll(async () => {
    const resources = path.resolve('resources');
    detector = await FaceDetector.open(resources);
    const loaded = await loadTfjs();
    tf = loaded.tf;
    const load = (name: string) =>
      loaded.converter.loadGraphModel({
        load: () => readModelArtifacts(path.join(defaultModelsDir(), name)),
      });
    [tfMesh, tfIris] = await Promise.all([load('facemesh.json'), load('iris.json')]);
    onnxMesh = await openOnnxModel(modelPath(resources, 'faceMesh'));
    onnxIris = await openOnnxModel(modelPath(resources, 'iris'));
  });
  afterAll(async () => {
    tfMesh.dispose();
    tfIris.dispose();
    await Promise.all([onnxMesh.release(), onnxIris.release(), detector.close()]);
  });

  async function both(
    tfModel: tfconv.GraphModel,
    session: ort.InferenceSession,
    input: Float32Array,
    dims: [number, number, number, number],
    outputs: string[],
  ): Promise<{ tfjs: Float32Array[]; onnx: Float32Array[] }> {
    const tensor = tf.tensor4d(input, dims);
    const tfOut = tfModel.execute(tensor, outputs) as tfc.Tensor | tfc.Tensor[];
    const list = Array.isArray(tfOut) ? tfOut : [tfOut];
    const tfjs = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
    list.forEach((t) => t.dispose());
    tensor.dispose();
    const feeds = { input_1: new ortRuntime.Tensor('float32', input, dims) };
    const result = await session.run(feeds);
    const names = session.outputNames;
    const onnx = names.map((name) => result[name]?.data as Float32Array);
    // The same shapes as tfjs's, element for element.
    names.forEach((name, k) => {
      expect(result[name]?.dims).toEqual(list[k]?.shape);
    });
    return { tfjs, onnx };
  }

  const maxDiff = (a: Float32Array, b: Float32Array) => {
    expect(b.length).toBe(a.length);
    return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] ?? NaN))), 0);
  };

  it('gives tfjs mesh points, face score and irises on every detected face', async () => {
    let faces = 0;
    let worstMesh = 0;
    let worstScore = 0;
    let worstIris = 0;
    for (const photo of facePhotos()) {
      for (const size of [
        { width: 640, height: 480 },
        { width: 1920, height: 1440 },
      ]) {
        const frame = decodeImage(photo, size);
        for (const face of await detector.detect(frame)) {
          const eyes = { right: face.keypoints.rightEye, left: face.keypoints.leftEye };
          const roi = faceRoi(face.box, eyes);
          const meshInput = new Float32Array(MESH * MESH * 3);
          sampleRoi(frame, roi, MESH, meshInput);
          const mesh = await both(
            tfMesh,
            onnxMesh,
            meshInput,
            [1, MESH, MESH, 3],
            ['Identity_1:0', 'Identity_2:0', 'Identity:0'],
          );
          const [tfScore, tfPoints] = mesh.tfjs as [Float32Array, Float32Array];
          const [onnxScore, onnxPoints] = mesh.onnx as [Float32Array, Float32Array];
          worstScore = Math.max(worstScore, maxDiff(tfScore, onnxScore));
          worstMesh = Math.max(worstMesh, maxDiff(tfPoints, onnxPoints));
          // Both eyes' crops, placed as the engines place them, through both iris models.
          const points = meshToFrame(tfPoints, roi, MESH);
          const irisInput = new Float32Array(2 * IRIS * IRIS * 3);
          eyeRois(points).forEach((eyeRoi, k) => {
            sampleRoi(frame, eyeRoi, IRIS, irisInput, k * IRIS * IRIS * 3, EYES[k]?.flip);
          });
          const iris = await both(tfIris, onnxIris, irisInput, [2, IRIS, IRIS, 3], [IRIS_OUT]);
          worstIris = Math.max(
            worstIris,
            maxDiff(iris.tfjs[0] as Float32Array, iris.onnx[0] as Float32Array),
          );
          faces += 1;
        }
      }
    }
    expect(faces).toBeGreaterThanOrEqual(40);
    expect(worstScore).toBeLessThanOrEqual(MAX_SCORE_DIFF);
    expect(worstMesh).toBeLessThanOrEqual(MAX_POINT_DIFF);
    expect(worstIris).toBeLessThanOrEqual(MAX_POINT_DIFF);
  }, 120_000);
});
