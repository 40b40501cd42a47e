import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

export const MODEL_FILES = {
  blazefaceBack: 'face_detection_back_256x256_barracuda.onnx',
  blazefaceFront: 'face_detection_front_128x128_barracuda.onnx',
  sileroVad: 'silero_vad.onnx',
  // Converted from @vladmandic/human's tfjs models by `npm run models:convert`.
  faceMesh: 'facemesh.onnx',
  iris: 'iris.onnx',
} as const;

/** Raised when a bundled model is missing or unreadable; the message names the file. */
export class ModelError extends Error {
  constructor(file: string, reason: string) {
    super(
      `Model ${file} ${reason}. Proctoring signals need it: reinstall the station or restore ` +
        'its resources/models folder.',
    );
    this.name = 'ModelError';
  }
}

/** The path of a bundled model inside a resources folder. */
export function modelPath(resourcesDir: string, name: keyof typeof MODEL_FILES): string {
  return path.join(resourcesDir, 'models', MODEL_FILES[name]);
}

/**
 * Opens an ONNX model on the CPU with one intra-op thread: signals run all session long on
 * modest kiosks, next to capture and the UI, so they must not take every core.
 */
export async function openOnnxModel(file: string): Promise<ort.InferenceSession> {
  if (!existsSync(file)) throw new ModelError(file, 'was not found');
  try {
    return await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Warnings about unused initialisers in the converted models are noise on a kiosk.
      logSeverityLevel: 3,
    });
  } catch (error) {
    throw new ModelError(file, `could not be loaded (${(error as Error).message})`);
  }
}
