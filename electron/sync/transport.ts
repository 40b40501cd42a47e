/**
 * The network side of sync: a batch to `POST /v1/batches`, a media file as a resumable tus
 * upload, a session's receipt. Runs in the sync worker thread (sync-worker.ts) on a station,
 * so hashing, decrypting and sending never take the main thread; tests may call it directly.
 * Errors are plain sentences without personal data (item ids and statuses only).
 */
import { Upload, type DetailedError } from 'tus-js-client';
import {
  batchResponse,
  sessionReceipt,
  UPLOADS_PATH,
  type SyncItem,
} from '../../shared/sync-contract';
import {
  createCpuGovernor,
  createPacer,
  hashStoredFile,
  plainFileReader,
  type CpuGovernor,
  type Pacer,
} from './plain-source';
import { FileUrlStorage } from './url-store';

export interface TransportConfig {
  receiverUrl: string;
  credential: string;
  /** The tus URL store's JSON file in the data folder. */
  urlStoreFile: string;
  filesKey: Buffer | null;
  chunkBytes: number;
  bandwidthBytesPerSecond: number;
  /** The share of one core decrypting and hashing may take, in percent (0: no limit). */
  cpuPercent?: number;
}

export interface UploadJob {
  file: string;
  mediaId: string;
  sessionUuid: string;
  kind: string;
  contentType: string;
  /** The plain file's SHA-256 and size from an earlier try: not hashed again. */
  known?: { sha256: string; size: number } | null;
}

export type UploadOutcome =
  | { ok: true; sha256: string; size: number }
  | { ok: false; error: string; status: number | null; refused: boolean };

export type BatchOutcome =
  | { ok: true; results: { id: string; status: string; reason?: string }[] }
  | { ok: false; error: string; status: number | null };

/** The receiver answers this when an upload's content does not match its SHA-256. */
const CHECKSUM_MISMATCH = 460;

export class SyncTransport {
  private readonly urls: FileUrlStorage;
  private readonly pacer: Pacer;
  private readonly cpu: CpuGovernor;
  private current: { upload: Upload; stopped: () => void } | null = null;

  constructor(private config: TransportConfig) {
    this.urls = new FileUrlStorage(config.urlStoreFile);
    this.pacer = createPacer(() => this.config.bandwidthBytesPerSecond);
    this.cpu = createCpuGovernor(() => this.config.cpuPercent ?? 0);
  }

  tune(
    change: Partial<Pick<TransportConfig, 'chunkBytes' | 'bandwidthBytesPerSecond' | 'cpuPercent'>>,
  ): void {
    this.config = { ...this.config, ...change };
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.config.credential}` };
  }

  async sendBatch(items: SyncItem[]): Promise<BatchOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.config.receiverUrl}/v1/batches`, {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ items }),
      });
    } catch {
      return { ok: false, error: 'The receiver cannot be reached.', status: null };
    }
    if (!response.ok) {
      return {
        ok: false,
        error: `The receiver answered ${response.status} to a batch.`,
        status: response.status,
      };
    }
    const parsed = batchResponse.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return {
        ok: false,
        error: 'The receiver’s answer is not in the expected form.',
        status: 200,
      };
    }
    return { ok: true, results: parsed.data.results };
  }

  async receipt(sessionUuid: string) {
    try {
      const response = await fetch(
        `${this.config.receiverUrl}/v1/sessions/${sessionUuid}/receipt`,
        { headers: this.headers() },
      );
      if (!response.ok) return null;
      const parsed = sessionReceipt.safeParse(await response.json());
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Uploads one file, resuming where the receiver has it when an earlier run was cut off;
   * `onProgress` hears the plain bytes the receiver holds so far.
   */
  async upload(
    job: UploadJob,
    onProgress: (sent: number, total: number) => void,
    onHashed?: (hashed: { sha256: string; size: number }) => void,
  ): Promise<UploadOutcome> {
    let hashed: { sha256: string; size: number };
    try {
      // Media are final once stored, so a retry reuses the first try's hash.
      hashed = job.known ?? (await hashStoredFile(job.file, this.config.filesKey, this.cpu));
    } catch {
      return { ok: false, error: 'The file cannot be read.', status: null, refused: true };
    }
    onHashed?.(hashed);
    const fingerprint = `interview-station:${job.mediaId}:${hashed.sha256}`;
    let stopped = false;
    return new Promise((resolve) => {
      const upload = new Upload(Buffer.alloc(0), {
        endpoint: `${this.config.receiverUrl}${UPLOADS_PATH}`,
        metadata: {
          mediaId: job.mediaId,
          sessionId: job.sessionUuid,
          kind: job.kind,
          contentType: job.contentType,
          sha256: hashed.sha256,
        },
        uploadSize: hashed.size,
        chunkSize: this.config.chunkBytes,
        headers: this.headers(),
        fileReader: plainFileReader(
          job.file,
          this.config.filesKey,
          hashed.size,
          this.pacer,
          () => stopped,
          this.cpu,
        ),
        fingerprint: () => Promise.resolve(fingerprint),
        urlStorage: this.urls,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        // The worker's own backoff retries (with jitter, across restarts); tus's would not.
        retryDelays: null,
        onProgress: (sent, total) => onProgress(sent, total),
        onChunkComplete: (_chunk, accepted, total) => onProgress(accepted, total),
        onSuccess: () => {
          this.current = null;
          resolve({ ok: true, ...hashed });
        },
        onError: (error) => {
          this.current = null;
          const status = (error as DetailedError).originalResponse?.getStatus() ?? null;
          if (status === CHECKSUM_MISMATCH) {
            // The bytes the receiver holds are wrong: the next try starts afresh.
            this.urls.removeFingerprint(fingerprint);
          }
          const refused =
            status !== null &&
            status >= 400 &&
            status < 500 &&
            ![408, 409, 423, 429].includes(status);
          resolve({
            ok: false,
            error:
              status === null
                ? 'The receiver cannot be reached.'
                : `The receiver answered ${status} to an upload.`,
            status,
            refused,
          });
        },
      });
      this.current = {
        upload,
        stopped: () => {
          stopped = true;
          resolve({ ok: false, error: 'Paused.', status: null, refused: false });
        },
      };
      upload
        .findPreviousUploads()
        .then((previous) => {
          const last = previous[0];
          if (last) upload.resumeFromPreviousUpload(last);
          upload.start();
        })
        .catch(() => upload.start());
    });
  }

  /** Stops the upload under way (it resumes from the receiver's offset next time). */
  async stop(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    current.stopped();
    await current.upload.abort(false);
  }
}
