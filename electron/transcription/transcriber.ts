/**
 * The model's state and the one transcription process. The model is checked (size, magic,
 * structure, sha256) and loaded in the child; the state says plainly where things stand —
 * none, invalid (and why), loading, ready — for diagnostics and the start-up banner.
 */
import path from 'node:path';
import type { ModelCheck } from './ggml-model';
import { firstKnownModel, locateModelFile, modelFileNameSchema, modelFolders } from './model-files';
import type {
  LoadResult,
  ProcessUsage,
  RawTranscription,
  TranscribeRequest,
} from './whisper-messages';
import { WhisperError, type WhisperProcess } from './whisper-process';

export type ModelState =
  | { state: 'none'; message: string }
  | { state: 'invalid'; file: string; reason: string }
  | { state: 'loading'; file: string }
  | {
      state: 'ready';
      file: string;
      /** The published model's name ("base.en"), or the file name of an unverified one. */
      model: string;
      /** Whether the file's sha256 matched a published model. */
      verified: boolean;
      sha256: string;
      bytes: number;
      englishOnly: boolean;
    };

export const NO_MODEL_MESSAGE =
  'No transcription model: answers are recorded but not transcribed. IT can provision a ' +
  'Whisper ggml model (see "Transcription models" in the README); queued work is kept.';

export interface ModelSources {
  /** IT's `transcription.modelPath`: used as it is, even missing (the state then says so). */
  modelPath?: string | undefined;
  /** The admin's `transcription.model`: a file name, looked up in the two model folders only. */
  chosen?: unknown;
  resourcesDir: string;
  /** The data folder: its models/ is searched after resources/models/. */
  dataDir?: string;
}

export type ModelLookup =
  /** The file to load; null: no model is provisioned. */
  | { file: string | null; unusable?: undefined }
  /** The admin's choice cannot be used; nothing else is tried, so the admin sees why. */
  | { file: null; unusable: { file: string; reason: string } };

/**
 * The model file to use: IT's `transcription.modelPath`; else the admin's chosen file name in
 * resources/models/ or the data folder's models/ (never anywhere else); else the first
 * published model in resources/models/, then in the data folder's models/, in the order of
 * KNOWN_MODELS.
 */
export function findModelFile(sources: ModelSources): ModelLookup {
  if (sources.modelPath) return { file: path.resolve(sources.modelPath) };
  const folders = modelFolders(sources.resourcesDir, sources.dataDir);
  const { chosen } = sources;
  if (chosen !== undefined && chosen !== null) {
    const name = modelFileNameSchema.safeParse(chosen);
    if (!name.success) {
      return {
        file: null,
        unusable: {
          file: 'the chosen model',
          reason:
            'the model chosen in Settings is not a model file name; choose one from the list ' +
            'there, or Automatic.',
        },
      };
    }
    const file = locateModelFile(name.data, folders);
    if (file) return { file };
    return {
      file: null,
      unusable: {
        file: name.data,
        reason:
          `${name.data}, the model chosen in Settings, is no longer in resources/models/ or ` +
          "the data folder's models/; put it back, or choose another model (or Automatic) in " +
          'Settings.',
      },
    };
  }
  return { file: firstKnownModel(folders) };
}

/** One line for the console and diagnostics. */
export function describeModelState(state: ModelState): string {
  switch (state.state) {
    case 'none':
      return state.message;
    case 'invalid':
      return `Transcription model not usable: ${state.reason}`;
    case 'loading':
      return `Transcription model loading: ${state.file}`;
    case 'ready':
      return state.verified
        ? `Transcription model ready: ${state.model} (${state.file}, checksum verified)`
        : `Transcription model ready but UNVERIFIED: ${state.file} is a well-formed ggml model ` +
            `whose sha256 (${state.sha256}) matches none of the published models.`;
  }
}

function readyState(check: LoadResult): ModelState {
  const known = check.known;
  return {
    state: 'ready',
    file: check.file,
    model: known?.name ?? path.basename(check.file),
    verified: known !== null,
    sha256: check.sha256,
    bytes: check.bytes,
    englishOnly: known ? known.englishOnly : check.hparams.nVocab === 51864,
  };
}

export interface TranscriberOptions {
  /** Checking a large model's sha256 and loading it takes seconds, not minutes. */
  loadTimeoutMs?: number;
}

export class Transcriber {
  private current: ModelState = { state: 'none', message: NO_MODEL_MESSAGE };
  private loadedIn = -1;
  private loading: Promise<ModelState> | null = null;

  constructor(
    readonly process: WhisperProcess,
    private readonly options: TranscriberOptions = {},
  ) {}

  get state(): ModelState {
    return this.current;
  }

  /** Records, without loading anything, that the model to use cannot be used, and why. */
  refuse(file: string, reason: string): Promise<ModelState> {
    this.current = { state: 'invalid', file, reason };
    return Promise.resolve(this.current);
  }

  /** Checks and loads a model file; `null` means none is provisioned. */
  load(file: string | null): Promise<ModelState> {
    if (!file) {
      this.current = { state: 'none', message: NO_MODEL_MESSAGE };
      return Promise.resolve(this.current);
    }
    this.current = { state: 'loading', file };
    this.loading = this.loadIn(file).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async loadIn(file: string): Promise<ModelState> {
    try {
      const check = await this.process.request<Extract<ModelCheck, { ok: true }>>(
        { type: 'load', file },
        { what: 'loading the model', timeoutMs: this.options.loadTimeoutMs ?? 5 * 60_000 },
      );
      this.loadedIn = this.process.generation;
      this.current = readyState(check);
    } catch (error) {
      // A model that crashes the process while loading is not retried: it would crash again.
      this.current = { state: 'invalid', file, reason: (error as Error).message };
    }
    return this.current;
  }

  /**
   * Transcribes one media file. After a crash the new process has no model yet: it is loaded
   * again first (it was good before), and a failure to do so fails this job.
   */
  async transcribe(
    request: TranscribeRequest,
    { timeoutMs, onProgress }: { timeoutMs: number; onProgress?: (progress: number) => void },
  ): Promise<RawTranscription> {
    if (this.loading) await this.loading;
    const state = this.current;
    if (state.state !== 'ready') {
      throw new WhisperError('no_model', describeModelState(state));
    }
    if (this.loadedIn !== this.process.generation || this.process.pid === null) {
      const reloaded = await this.loadIn(state.file);
      if (reloaded.state !== 'ready')
        throw new WhisperError('bad_model', describeModelState(reloaded));
    }
    return this.process.request<RawTranscription>(
      { type: 'transcribe', request },
      { what: `transcribing ${path.basename(request.file)}`, timeoutMs, onProgress },
    );
  }

  /** Frees the model in the process (it stays running). */
  async release(): Promise<void> {
    if (this.process.pid === null) return;
    await this.process.request(
      { type: 'release' },
      { what: 'releasing the model', timeoutMs: 30_000 },
    );
    this.loadedIn = -1;
  }

  /** The transcription process's memory, for diagnostics and the bench. */
  usage(): Promise<ProcessUsage> {
    return this.process.request<ProcessUsage>(
      { type: 'usage' },
      { what: 'reporting memory', timeoutMs: 10_000 },
    );
  }
}
