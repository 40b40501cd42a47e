import os from 'node:os';
import packageJson from '../../package.json' with { type: 'json' };
import type { Db } from '../../db/open';
import type { SyncStatus } from '../../shared/sync-status';
import type { DeviceFeed, DeviceState } from '../capture/device-feed';
import type {
  TranscriptionDiagnostics,
  TranscriptionService,
} from '../transcription/transcription-service';
import type { DisplayState } from '../kiosk/display-watch';
import type { RemoteToolState } from '../kiosk/remote-tool-watch';
import type { ManagedConfigError } from '../settings/managed-config';
import type { DiskWatch } from './disk-watch';
import type { LiveMonitor } from './live-monitor';
import type { RetentionState } from './retention-state';
import { recentCaptureProblems, type CaptureProblem } from './session-info';

/** What IT and staff check first when something seems off: one call, plain values. */
export interface StationDiagnostics {
  app: { version: string; node: string; electron: string | null; platform: string };
  capture: {
    /** False when the station runs without a camera (no capture at all). */
    configured: boolean;
    camera: DeviceState;
    microphone: DeviceState;
    /** A plain sentence about a device that failed, as the device feed has it. */
    problem: string | null;
    /** Frames analysed per second in the running session; null when none is running. */
    analysedFps: number | null;
    /** Camera and microphone losses recorded in recent sessions, newest first. */
    recentProblems: CaptureProblem[];
  };
  /** The same as station.diagnostics gives; null where the station has no transcription. */
  transcription: TranscriptionDiagnostics | null;
  /** Space left where recordings go; null when it cannot be measured (in-memory database). */
  disk: {
    path: string;
    freeBytes: number;
    totalBytes: number;
    /** Below this no interview starts and a running one's recording stops. */
    floorBytes: number;
    low: boolean;
    /** What the station did about it, precisely, for staff; null when there is room. */
    problem: string | null;
  } | null;
  /** The retention purge and the storage check; null where the station has no data folder. */
  retention: RetentionState | null;
  /** Remote-desktop, meeting and recording tools running, the displays, and IT's policies. */
  environment: {
    remoteTools: RemoteToolState | null;
    displays: DisplayState;
  } | null;
  /** Sync to the organisation's receiver: queue depth, bytes pending, the last error. */
  sync: SyncStatus | null;
  /** The machine's processor: a slow or busy one explains dropped frames and slow transcripts. */
  cpu: { model: string; cores: number; loadAverage: number[] };
  /** The machine's memory and what the station's main process holds of it. */
  memory: { totalBytes: number; freeBytes: number; processRssBytes: number };
  /** IT's managed config as read at this start: keys applied, and each one refused; null: none. */
  managedConfig: ManagedConfigState | null;
}

export interface ManagedConfigState {
  file: string;
  applied: string[];
  errors: ManagedConfigError[];
}

export interface DiagnosticsSources {
  db: Db;
  /** The data folder (recordings, database); null when there is none on disk. */
  dataDir: string | null;
  feed: DeviceFeed | null;
  transcription: TranscriptionService | null;
  monitor: LiveMonitor;
  /** The free-space check (measured afresh for each report). */
  disk: DiskWatch;
  /** The retention purge's state (privacy/retention-purge.ts), when the station runs one. */
  retention?: () => RetentionState | null;
  /** The environment check's last look (kiosk/remote-tool-watch.ts). */
  environment?: () => NonNullable<StationDiagnostics['environment']>;
  sync?: () => SyncStatus | null;
  /** What applying IT's managed config at start did (settings/managed-config.ts). */
  managedConfig?: ManagedConfigState | null;
}

/** The staff's diagnostics, as a service: built once with the parts it reads. */
export class DiagnosticsService {
  constructor(private readonly from: DiagnosticsSources) {}

  /** The station's state now (see stationDiagnostics). */
  report(): Promise<StationDiagnostics> {
    return Promise.resolve(stationDiagnostics(this.from));
  }
}

/** Gathers the station's state from the services that own each part; nothing is cached. */
export function stationDiagnostics(from: DiagnosticsSources): StationDiagnostics {
  const devices = from.feed?.current();
  return {
    app: {
      version: packageJson.version,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      platform: `${process.platform} ${process.arch}`,
    },
    capture: {
      configured: from.feed !== null,
      camera: devices?.camera ?? 'off',
      microphone: devices?.microphone ?? 'off',
      problem: devices?.problem ?? null,
      analysedFps: from.monitor.analysedFps(),
      recentProblems: recentCaptureProblems(from.db),
    },
    transcription: from.transcription?.diagnostics() ?? null,
    disk: from.dataDir ? diskState(from.disk) : null,
    retention: from.retention?.() ?? null,
    environment: from.environment?.() ?? null,
    sync: from.sync?.() ?? null,
    cpu: machineCpu(),
    memory: {
      totalBytes: os.totalmem(),
      freeBytes: os.freemem(),
      processRssBytes: process.memoryUsage.rss(),
    },
    managedConfig: from.managedConfig ?? null,
  };
}

function diskState(watch: DiskWatch): StationDiagnostics['disk'] {
  const { reading, floorBytes, low, problem } = watch.check();
  return reading && { ...reading, floorBytes, low, problem };
}

function machineCpu(): StationDiagnostics['cpu'] {
  const cpus = os.cpus();
  return {
    model: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
