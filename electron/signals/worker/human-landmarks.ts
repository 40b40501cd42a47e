import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type * as tfc from '@tensorflow/tfjs-core';
import type { FaceBox, FaceLandmarks, LandmarkEngine, RgbFrame } from '../../../shared/frames';
import { modelFiles, registerFileLoader } from './landmarks-loader';
import { OneAtATime } from './one-at-a-time';

/*
 * Face landmarks for the primary face: MediaPipe's 468-point face mesh plus 10 iris points,
 * through @vladmandic/human on tfjs's WebAssembly backend. Only the face detector, mesh and
 * iris models are ever loaded. human can also infer emotion (and "description", antispoof and
 * liveness): those stay disabled and their models are never loaded, because emotion
 * recognition at work is banned in the EU (AI Act, Art. 5(1)(f):
 * https://eur-lex.europa.eu/eli/reg/2024/1689/oj) and unreliable anyway.
 *
 * With a face box from the caller, human's detector still runs, but only on a crop of twice
 * the box around it: the caller's detector decides which face is the primary one, and human
 * needs its own detection to place the mesh (its pipeline has no way to take a box).
 *
 * Measured on the build machine (one thread, SIMD wasm, Node 22; 14 faces cropped from
 * face-api's demo photos to 640x480): one pass takes a median 56 ms (detector ~32, mesh ~8,
 * iris ~14); faces tilted past 8° take a second pass (~115 ms) and past ~30° a third
 * (~190 ms); median over all 14 faces 62 ms. Opening takes ~110 ms, the first frame ~180 ms.
 * (Figures from a stand-in graph executor; @tensorflow/tfjs-converter, used since, measured
 * ~10% faster a frame in `npm run bench:vision`, ~20 ms slower to open.) Later, in that bench
 * on a shared 2-core machine: median 49 ms, p95 107 ms. The pipeline now runs it only on faces
 * the faster mesh engine cannot level, profiles (hybrid-landmarks.ts).
 */

const MESH_POINTS = 468;
const IRIS_POINTS = 478;
/** Models the engine needs; nothing else in human's models folder is read. */
const MODELS = ['blazeface.json', 'facemesh.json', 'iris.json'] as const;
/** Context kept around a caller's face box: human's detector needs to see the whole head. */
const CROP_SCALE = 2;
/**
 * A face tilted more than this gets another, upright pass (see realign), at most
 * REALIGN_PASSES times. Each pass costs a whole frame's time, so faces near upright, the
 * common case, get one; the tilt they keep unmeasured (~30% of it) stays under 3°.
 */
const REALIGN_RADIANS = (8 * Math.PI) / 180;
const REALIGN_PASSES = 2;

const localRequire = createRequire(import.meta.url);
// human's exports map is malformed (keys without "./"), so only its main entry resolves;
// the wasm build sits next to it.
const humanDist = path.dirname(localRequire.resolve('@vladmandic/human'));
const wasmBackend = localRequire.resolve('@tensorflow/tfjs-backend-wasm');

/** human's own models folder, used when the station does not bundle a copy. */
export function defaultModelsDir(): string {
  return path.join(humanDist, '..', 'models');
}

interface HumanFace {
  mesh: number[][];
}

interface HumanResult {
  face: HumanFace[];
  error?: string | null;
}

/** A @tensorflow/tfjs-converter GraphModel, whose typings hide the URL human loaded it from. */
interface GraphModel {
  modelUrl: string;
  dispose(): void;
}

/** The part of human's `Models` the engine uses: its graphs, and what its loader recorded. */
interface HumanModels {
  models: Record<string, GraphModel | null>;
  stats(): { modelStats: { url: string; loaded: boolean }[] };
}

interface Human {
  models: HumanModels;
  load(): Promise<void>;
  detect(input: tfc.Tensor): Promise<HumanResult>;
}

type HumanConstructor = new (config: object) => Human;

/** human's config, with everything off but the face detector, mesh and iris. */
function humanConfig(modelsDir: string): object {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: path.join(path.dirname(wasmBackend), '/'),
    modelBasePath: pathToFileURL(modelsDir).href,
    debug: false,
    warmup: 'none',
    // Every frame is analysed afresh: no result reuse between similar frames, no skipped
    // detector runs, so a result never describes an older frame.
    cacheSensitivity: 0,
    skipAllowed: false,
    cacheModels: false,
    validateModels: false,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      // human's own tilt correction uses the detector's nose-mouth line, which can be 20° off
      // on a smiling, tilted face and then ruins the mesh; we realign on the mesh's eyes.
      detector: { maxDetected: 1, rotation: false, return: false, minConfidence: 0.2 },
      mesh: { enabled: true, keepInvalid: false },
      iris: { enabled: true },
      attention: off,
      // Never enable: no emotion inference (see the top of this file).
      emotion: off,
      description: off,
      antispoof: off,
      liveness: off,
    },
  };
}

/*
 * The last step of human's mesh transform (`s` is the face crop's size in frame pixels, `r` the
 * mesh model's input size). It truncates points to whole pixels: an eye is ~12 px tall in a
 * 640x480 webcam frame, so that alone moves the eye aspect ratio by up to ~0.03 and the gaze by
 * ~0.05, the width of a threshold band; we keep the fractions. It also leaves z in the model's
 * 192-px crop units while x and y are scaled to the frame; we scale z too, so the points are a
 * consistent 3D shape that head pose can be measured on.
 */
const TRUNCATED_MESH =
  'return c.map(x=>[Math.trunc(x[0]+y[0]),Math.trunc(x[1]+y[1]),Math.trunc(x[2]||0)])';
const SUBPIXEL_MESH = 'return c.map(x=>[x[0]+y[0],x[1]+y[1],(x[2]||0)*s[0]/r])';

/**
 * Evaluates a fresh copy of human's Node wasm build. A plain `require` of it works, but it
 * would not take the mesh patch above, and it would be one module per process: human keeps
 * each loaded model in a module variable, so a later engine could be handed a closed one's
 * disposed graphs. Its own requires resolve as usual (`@tensorflow/tfjs-converter` included),
 * so human, the converter, the wasm backend and this file share one tfjs-core.
 */
function loadHumanModule(): HumanConstructor {
  const file = path.join(humanDist, 'human.node-wasm.js');
  const humanRequire = createRequire(file);
  const tfjsCores = new Set(
    [file, humanRequire.resolve('@tensorflow/tfjs-converter'), wasmBackend].map((from) =>
      createRequire(from).resolve('@tensorflow/tfjs-core'),
    ),
  );
  if (tfjsCores.size !== 1 || !tfjsCores.has(localRequire.resolve('@tensorflow/tfjs-core'))) {
    throw new Error(`human would mix tfjs-core copies: ${[...tfjsCores].join(', ')}`);
  }
  const params = ['exports', 'require', 'module', '__filename', '__dirname'];
  const source = readFileSync(file, 'utf8');
  if (!source.includes(TRUNCATED_MESH)) {
    throw new Error(`${file} changed: update TRUNCATED_MESH in landmarks.ts for this version`);
  }
  const wrapper = vm.compileFunction(source.replace(TRUNCATED_MESH, SUBPIXEL_MESH), params, {
    filename: file,
  });
  const module = { exports: {} as { Human?: HumanConstructor } };
  wrapper.call(module.exports, module.exports, humanRequire, module, file, path.dirname(file));
  if (!module.exports.Human) throw new Error(`${file} did not export Human`);
  return module.exports.Human;
}

/**
 * The graphs human loaded. One whose loading failed (human logs why and carries on) is
 * recorded as not loaded and has no weights: disposing it would throw.
 */
function loadedModels(human: Human): GraphModel[] {
  const loaded = human.models
    .stats()
    .modelStats.filter((info) => info.loaded)
    .map((info) => info.url);
  return Object.values(human.models.models).filter(
    (model): model is GraphModel => model !== null && loaded.includes(model.modelUrl),
  );
}

function checkModels(modelsDir: string): void {
  const missing = MODELS.flatMap((name) => modelFiles(path.join(modelsDir, name))).filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0) {
    throw new Error(
      `Face landmark models are missing from ${modelsDir} (${missing.map((f) => path.basename(f)).join(', ')})`,
    );
  }
}

/** Opens the human-based engine; loads the models and the wasm backend (single-threaded). */
export async function openHumanLandmarks(
  opts: { modelsDir?: string } = {},
): Promise<LandmarkEngine> {
  const modelsDir = path.resolve(opts.modelsDir ?? defaultModelsDir());
  checkModels(modelsDir);
  const tf = localRequire('@tensorflow/tfjs-core') as typeof tfc;
  const Human = loadHumanModule();
  // One thread: signals share a modest kiosk with capture, encoding and the UI. The flag is
  // registered when human loads the wasm backend, and read when the backend initialises.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerFileLoader(tf);
  const human = new Human(humanConfig(modelsDir));
  await human.load();
  // The three models, and nothing else: the converter would run any graph human asks for, so
  // an emotion model slipping into the config is refused here too (see the top of this file).
  const models = loadedModels(human);
  const isModel = (model: GraphModel, name: string) => model.modelUrl.endsWith(`/${name}`);
  const failed = MODELS.find((name) => !models.some((model) => isModel(model, name)));
  const extra = models.find((model) => !MODELS.some((name) => isModel(model, name)));
  if (failed || extra) {
    models.forEach((model) => model.dispose());
    throw new Error(
      failed
        ? `Face landmark model ${path.join(modelsDir, failed)} failed to load (human logged why)`
        : `human loaded ${extra?.modelUrl}, which the landmark engine never uses`,
    );
  }
  return new HumanLandmarks(tf, human, models);
}

class HumanLandmarks implements LandmarkEngine {
  readonly name = 'human-facemesh-iris';
  // human keeps per-call state in module variables, so calls must not overlap.
  private readonly calls = new OneAtATime();

  constructor(
    private readonly tf: typeof tfc,
    private readonly human: Human,
    private readonly models: GraphModel[],
  ) {}

  landmarks(frame: RgbFrame, face?: FaceBox): Promise<FaceLandmarks | null> {
    return this.calls.run(frame, () => this.run(frame, face));
  }

  async close(): Promise<void> {
    await this.calls.close();
    this.models.forEach((model) => model.dispose());
  }

  private async run(frame: RgbFrame, face?: FaceBox): Promise<FaceLandmarks | null> {
    const area = face
      ? cropArea(frame, face)
      : { x: 0, y: 0, width: frame.width, height: frame.height };
    if (area.width < 8 || area.height < 8) return null;
    const input = this.tf.tensor4d(crop(frame, area), [1, area.height, area.width, 3], 'float32');
    let points: Point[] | null;
    try {
      points = await this.mesh(input);
      // Each pass measures the tilt left in the turned frame; stop once it is small.
      let turned = 0;
      for (let pass = 0; points && pass < REALIGN_PASSES; pass++) {
        const tilt = eyeLineAngle(points);
        if (Math.abs(tilt - turned) <= REALIGN_RADIANS) break;
        const upright = await this.realign(input, points, tilt);
        if (!upright) break;
        points = upright;
        turned = tilt;
      }
    } finally {
      input.dispose();
    }
    if (!points) return null;
    const shifted = points.map(([x, y, z]): Point => [x + area.x, y + area.y, z]);
    if (shifted.length < IRIS_POINTS) return { points: shifted, irisAvailable: false };
    // human appends the left eye's iris first; MediaPipe, and so our interface, the right's.
    const [left, right] = [shifted.slice(468, 473), shifted.slice(473, 478)];
    return { points: [...shifted.slice(0, 468), ...right, ...left], irisAvailable: true };
  }

  private async mesh(input: tfc.Tensor): Promise<Point[] | null> {
    const result = await this.human.detect(input);
    if (result.error) throw new Error(`Face landmarks failed: ${result.error}`);
    const mesh = result.face[0]?.mesh ?? [];
    if (mesh.length < MESH_POINTS) return null;
    return mesh.map(([x = 0, y = 0, z = 0]): Point => [x, y, z]);
  }

  /**
   * Runs the mesh again on the frame turned by `tilt` about the face, then turns the points
   * back; null if the face is lost. The mesh model expects an upright face: it pulls tilted
   * ones towards upright (a 30° tilt reads as ~20°) and misplaces the eyelids past ~30°.
   */
  private async realign(input: tfc.Tensor, first: Point[], tilt: number): Promise<Point[] | null> {
    const [height = 1, width = 1] = input.shape.slice(1);
    const cx = first.reduce((sum, p) => sum + p[0], 0) / first.length;
    const cy = first.reduce((sum, p) => sum + p[1], 0) / first.length;
    // rotateWithOffset turns counter-clockwise; the tilt is clockwise-positive.
    const upright = this.tf.image.rotateWithOffset(input as tfc.Tensor4D, tilt, 0, [
      cx / width,
      cy / height,
    ]);
    let second: Point[] | null;
    try {
      second = await this.mesh(upright);
    } finally {
      upright.dispose();
    }
    if (!second) return null;
    const cos = Math.cos(tilt);
    const sin = Math.sin(tilt);
    return second.map(([x, y, z]): Point => [
      cx + cos * (x - cx) - sin * (y - cy),
      cy + sin * (x - cx) + cos * (y - cy),
      z,
    ]);
  }
}

type Point = [number, number, number];

/** Clockwise tilt of the line through the outer eye corners (33, 263), in radians. */
function eyeLineAngle(points: Point[]): number {
  const [ax = 0, ay = 0] = points[33] ?? [];
  const [bx = 0, by = 0] = points[263] ?? [];
  return Math.atan2(by - ay, bx - ax);
}

/** A square around the box, CROP_SCALE times its larger side, clipped to the frame. */
function cropArea(frame: RgbFrame, box: FaceBox): FaceBox {
  const side = Math.max(box.width, box.height) * CROP_SCALE;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.max(0, Math.round(cx - side / 2));
  const y = Math.max(0, Math.round(cy - side / 2));
  return {
    x,
    y,
    width: Math.min(frame.width, Math.round(cx + side / 2)) - x,
    height: Math.min(frame.height, Math.round(cy + side / 2)) - y,
  };
}

function crop(frame: RgbFrame, area: FaceBox): Uint8Array {
  if (area.x === 0 && area.y === 0 && area.width === frame.width && area.height === frame.height) {
    return frame.data.subarray(0, frame.width * frame.height * 3);
  }
  const out = new Uint8Array(area.width * area.height * 3);
  for (let row = 0; row < area.height; row++) {
    const start = ((area.y + row) * frame.width + area.x) * 3;
    out.set(frame.data.subarray(start, start + area.width * 3), row * area.width * 3);
  }
  return out;
}
