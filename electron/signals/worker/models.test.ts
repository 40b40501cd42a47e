import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError, modelPath, openOnnxModel } from './models';

const resources = path.resolve('resources');

describe('openOnnxModel', () => {
  it('opens every bundled model', async () => {
    for (const name of [
      'blazefaceBack',
      'blazefaceFront',
      'sileroVad',
      'faceMesh',
      'iris',
    ] as const) {
      const session = await openOnnxModel(modelPath(resources, name));
      expect(session.inputNames.length).toBeGreaterThan(0);
      await session.release();
    }
  });

  it('names the file when a model is missing', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'face.onnx');
    await expect(openOnnxModel(missing)).rejects.toThrow(ModelError);
    await expect(openOnnxModel(missing)).rejects.toThrow(`Model ${missing} was not found`);
  });

  it('names the file when a model is corrupt', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'model-'));
    const corrupt = path.join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, 'not a model');
    await expect(openOnnxModel(corrupt)).rejects.toThrow(`Model ${corrupt} could not be loaded`);
  });
});
