/** The options of composeStation (compose-station.ts), in a file of their own. */
import type { Db } from '../../db/open';
import type { StationConfig } from '../api/services';
import type { CaptureFactory } from '../capture/station-capture';
import type { FileSealing } from '../core/sealed-file';
import type { Clock } from '../core/clock';
import type { StartNodeChild } from '../core/node-child';
import type { GeminiConfig } from '../evaluation/gemini-key-store';
import type { StationScorerOptions } from '../evaluation/station-scorer';
import type { ManagedConfigState } from '../monitor/station-diagnostics';
import type { PdfPrinter } from '../review/pdf-printer';
import type { ResumeTextSource } from '../screening/screenings';
import type { GenerationProvider, QuestionGenerator } from '../screening/question-generator';
import type { SyncServiceOptions } from '../sync/sync-service';

/** Plain options: everything the station is built from, decided by its caller. */
export interface ComposeOptions {
  /** Opened and migrated. */
  db: Db;
  /** The data folder (media, exports, models); null for an in-memory test database. */
  dataDir: string | null;
  /**
   * The key access codes are stored under: the data folder's (loadAccessCodeKey), or for an
   * in-memory test database the process's (processAccessCodeKey).
   */
  stationKey: Buffer;
  resourcesDir: string;
  clock: Clock;
  log: (line: string) => void;
  /** The station's name and retention as they are at this start. */
  config: StationConfig;
  /** Setting keys IT's managed config pinned at this start. */
  managedSettings?: ReadonlySet<string>;
  /** What applying IT's managed config did at this start, for diagnostics; none unless given. */
  managedConfig?: ManagedConfigState | null;
  /** Reports print with this; headless Chromium unless the shell passes Electron's printToPDF. */
  printer?: PdfPrinter;
  /**
   * Builds the station's capture (cameraCapture in capture/station-capture.ts); null: no
   * camera, so no device check, recording or signals, and audio/video questions are skipped.
   */
  capture?: CaptureFactory | null;
  /** The built résumé parser (out/station/resume-worker.mjs); by default under the cwd. */
  resumeWorkerFile?: string;
  /** The built transcription process; null: no transcription (a test station). */
  transcriptionWorkerFile?: string | null;
  /** Starts the transcription process; child_process.fork unless given (see core/node-child.ts). */
  startNodeChild?: StartNodeChild;
  /**
   * Free space the data folder must keep: below it no interview starts and a running one's
   * recording stops (DEFAULT_FREE_SPACE_FLOOR_BYTES unless given).
   */
  freeSpaceFloorBytes?: number;
  /** How often the free space is checked while the station runs. */
  diskCheckMs?: number;
  /**
   * How often running processes are checked for remote and meeting tools; not at all when
   * left out (a composed test station), as real stations get it from open-station.
   */
  environmentCheckMs?: number | null;
  /**
   * Whether the retention purge runs (at start, then daily) on a station with a data folder;
   * true unless a test that seeds old interviews says otherwise.
   */
  retentionPurge?: boolean;
  /** Encryption at rest of the station's files (exports); none unless given. */
  sealing?: FileSealing;
  /** IT's Gemini key from the station's environment (managedGeminiConfig); none unless given. */
  geminiManaged?: GeminiConfig | null;
  /** Tests point the Gemini scorer at a fake server and shorten its timing. */
  gemini?: StationScorerOptions['gemini'];
  /** Where screening reads a candidate's résumé text (the résumé store); none unless given. */
  resumeTexts?: ResumeTextSource;
  /** Who proposes question drafts for each provider asked; offline for both unless given. */
  questionGenerators?: (provider: GenerationProvider) => QuestionGenerator;
  /** Sync: the built worker (else in-process), IT's receiver and code, tests' shorter waits. */
  sync?: Partial<Pick<SyncServiceOptions, 'workerFile' | 'managed' | 'backoff' | 'idleMs'>>;
}
