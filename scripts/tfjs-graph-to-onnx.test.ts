import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONVERSIONS, humanModelsDir } from './tfjs-graph-to-onnx';
import { convertGraphModel } from './tfjs-onnx/convert';

// The committed ONNX models must be exactly what the converter makes from the installed
// human package: a hand-edited model, or a converter change not re-run, fails here.
describe('tfjs graph → ONNX conversion', () => {
  for (const { from, to, outputs } of CONVERSIONS) {
    it(`regenerates resources/models/${to} byte for byte from human's ${from}`, async () => {
      const made = await convertGraphModel(path.join(humanModelsDir(), from), outputs);
      const committed = readFileSync(path.resolve('resources/models', to));
      expect(made.length).toBe(committed.length);
      expect(Buffer.from(made).equals(committed)).toBe(true);
    });
  }

  it('refuses an op it does not know instead of converting it wrongly', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-onnx-'));
    const file = path.join(dir, 'model.json');
    const node = (name: string, op: string, input: string[] = []) => ({ name, op, input });
    writeFileSync(
      file,
      JSON.stringify({
        modelTopology: {
          node: [
            {
              ...node('input_1', 'Placeholder'),
              attr: { shape: { shape: { dim: [1, 4, 4, 3].map((size) => ({ size })) } } },
            },
            node('gelu', 'Gelu', ['input_1']),
          ],
        },
        weightsManifest: [],
      }),
    );
    await expect(convertGraphModel(file)).rejects.toThrow('op Gelu is not supported');
  });
});
