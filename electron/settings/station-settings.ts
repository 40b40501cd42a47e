/**
 * The station settings an admin may change on the station, and IT may pin in a managed
 * config file: each key with its check, a plain label, and whether it applies only after a
 * restart. Everything else in the settings table (PIN hash, lockouts) is the station's own.
 */
import { z } from 'zod';
import type { Db } from '../../db/open';
import { recordAudit, type AuditEntry } from '../core/audit';
import { systemClock, type Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { readSetting, writeSetting } from '../core/setting-store';
import { SELF_IDENTIFICATION_KEY } from '../domain/self-identification';
import {
  DEFAULT_LANDMARK_EVERY,
  DEFAULT_THRESHOLD_SETTINGS,
  thresholdOverridesSchema,
} from '../signals/worker/thresholds';
import { DEFAULT_FILLER_WORDS } from '../transcription/analytics';
import { modelFileNameSchema } from '../transcription/model-files';
import { ENVIRONMENT_POLICIES } from '../kiosk/remote-tool-watch';
import { cameraSettingSchema, microphoneSettingSchema } from './capture-settings';
import { rolloutPercentSchema, UPDATE_CHANNELS, updateUrlSchema } from './update-settings';

interface SettingSpec {
  schema: z.ZodType;
  label: string;
  /** Read once at start: a change shows after the station restarts. */
  restart: boolean;
  /** Only IT's managed config may set it (it names a file on the station). */
  managedOnly?: boolean;
  /** What applies when it is not set. */
  fallback: unknown;
  /** For a setting picked from a few values: each with the words staff read. */
  choices?: { value: string; label: string }[];
}

/**
 * The longest the station may keep an interview: 3 years, the most Illinois BIPA allows for
 * biometric identifiers (face geometry). A longer value is refused here and in IT's config.
 */
export const MAX_RETENTION_DAYS = 1095;

export const SETTINGS = {
  'station.name': {
    schema: z.string().trim().min(1).max(60),
    label: 'Station name, shown on the start screen',
    restart: true,
    fallback: 'Interview Station',
  },
  'retention.days': {
    schema: z
      .number()
      .int()
      .min(1)
      .max(MAX_RETENTION_DAYS, `At most ${MAX_RETENTION_DAYS} days (3 years).`),
    label: 'Days an interview is kept after it ends, then deleted (stated in the candidate notice)',
    restart: true,
    fallback: 180,
  },
  'storage.encryptAtRest': {
    // Read before the database is used (station/station-database.ts): a change converts the
    // database at the next start. An existing plain station is set to false when first opened.
    schema: z.boolean(),
    label: 'Encrypt the database and new recordings and exports at rest (applies at restart)',
    restart: true,
    fallback: true,
  },
  'notices.candidate': {
    schema: z.boolean(),
    label: 'Gentle on-screen notices for candidates (e.g. “we can’t see your face”)',
    restart: false,
    fallback: true,
  },
  'signals.thresholds': {
    schema: thresholdOverridesSchema,
    label:
      'Changes to the signal thresholds (eye aspect ratio, head pose, gaze; per event, the ' +
      'shortest interval kept and the longest gap bridged)',
    restart: false,
    fallback: DEFAULT_THRESHOLD_SETTINGS,
  },
  'signals.landmarkEvery': {
    // Every frame costs about one face detection; a slow station can look every 2nd or 3rd.
    schema: z.number().int().min(1).max(15),
    label: 'Face landmarks (eyes, head pose, gaze) on every Nth analysed frame',
    restart: false,
    fallback: DEFAULT_LANDMARK_EVERY,
  },
  'signals.speechDuringReading': {
    schema: z.boolean(),
    label: 'Note speech while the question is being read (some interviews allow reading aloud)',
    restart: false,
    fallback: true,
  },
  'transcription.language': {
    schema: z.string().regex(/^(auto|[a-z]{2})$/, 'Use "auto" or a two-letter language code.'),
    label: 'Transcription language (multilingual models)',
    restart: false,
    fallback: 'auto',
  },
  'transcription.fillerWords': {
    schema: z.array(z.string().trim().min(1).max(30)).max(50),
    label: 'Filler words counted in answers',
    restart: false,
    fallback: DEFAULT_FILLER_WORDS,
  },
  'transcription.threads': {
    schema: z.number().int().min(1).max(32),
    label: 'Threads for transcription',
    restart: true,
    fallback: null,
  },
  'capture.camera': {
    schema: cameraSettingSchema,
    label: 'Camera (empty: the first camera found; “none”: no camera)',
    restart: true,
    fallback: null,
  },
  'capture.microphone': {
    schema: microphoneSettingSchema,
    label: 'Microphone (empty: the system default with a camera; “none”: no microphone)',
    restart: true,
    fallback: null,
  },
  'transcription.model': {
    // A file name only, looked up in the two model folders: the screens never send a path.
    schema: modelFileNameSchema,
    label: 'Transcription model (a file in resources/models/ or the data folder’s models/)',
    // The model is loaded once at start; switching under a running job is not worth the risk.
    restart: true,
    fallback: null,
  },
  'audit.retentionDays': {
    schema: z.number().int().min(30).max(3650),
    label: 'Days the audit log is kept (older entries are deleted; the deletion is logged)',
    restart: false,
    fallback: 1095,
  },
  'transcription.modelPath': {
    schema: z.string().min(1).max(1000),
    label: 'Whisper model file',
    restart: true,
    managedOnly: true,
    fallback: null,
  },
  'kiosk.remoteTools': {
    schema: z.enum(ENVIRONMENT_POLICIES),
    label:
      'When a remote-desktop, screen-sharing, meeting, chat or recording tool runs on the station',
    restart: false,
    fallback: 'flag',
    choices: [
      { value: 'block', label: 'Refuse to start interviews until it is closed' },
      { value: 'flag', label: 'Let the interview go on and note it for the reviewer' },
      { value: 'ignore', label: 'Ignore it (shown in diagnostics only)' },
    ],
  },
  'kiosk.displays': {
    schema: z.enum(ENVIRONMENT_POLICIES),
    label: 'When more than one display is connected to the station',
    restart: false,
    fallback: 'block',
    choices: [
      { value: 'block', label: 'Refuse to start interviews until only one is connected' },
      { value: 'flag', label: 'Let the interview go on and note it for the reviewer' },
      { value: 'ignore', label: 'Ignore it' },
    ],
  },
  // SEB refuses VMs by default, but many stations run on VDI and CI is itself a VM: note it.
  'kiosk.virtualMachine': {
    schema: z.enum(ENVIRONMENT_POLICIES),
    label: 'When the station runs inside a virtual machine',
    restart: false,
    fallback: 'flag',
    choices: [
      { value: 'block', label: 'Refuse to start interviews' },
      { value: 'flag', label: 'Let the interview go on and note it for the reviewer' },
      { value: 'ignore', label: 'Ignore it (shown in diagnostics only)' },
    ],
  },
  'kiosk.focusLoss': {
    schema: z.enum(['flag', 'ignore']),
    label: 'When another program comes in front of the interview window',
    restart: false,
    fallback: 'flag',
    choices: [
      { value: 'flag', label: 'Note it for the reviewer' },
      { value: 'ignore', label: 'Ignore it' },
    ],
  },
  [SELF_IDENTIFICATION_KEY]: {
    schema: z.boolean(),
    label:
      'Ask candidates, after consent, to self-identify their sex and race/ethnicity (optional ' +
      'for them, never shown to scorers) for the admin’s bias report',
    restart: false,
    fallback: false,
  },
  // Sync to the organisation's receiver (electron/sync/sync-settings.ts reads them).
  'sync.sendIdentity': {
    schema: z.boolean(),
    label: 'Send candidates’ names and e-mails to the receiver (else only a pseudonymous id)',
    restart: false,
    fallback: false,
  },
  'sync.pauseDuringSessions': {
    schema: z.boolean(),
    label: 'Hold sync while an interview runs on this station',
    restart: false,
    fallback: true,
  },
  'sync.purgeOnlyWhenConfirmed': {
    schema: z.boolean(),
    label: 'Delete an interview past retention only once the receiver confirmed it has all of it',
    restart: false,
    fallback: false,
  },
  'sync.bandwidthBytesPerSecond': {
    schema: z.number().int().min(0).max(10_000_000_000),
    label: 'Sync upload limit in bytes per second (0: no limit; applies when sync restarts)',
    restart: true,
    fallback: 0,
  },
  'sync.cpuPercent': {
    schema: z.number().int().min(0).max(100),
    label:
      'Share of one processor core sync may use to read, decrypt and hash files, in percent (0: no limit; applies when sync restarts)',
    restart: true,
    fallback: 50,
  },
  'sync.chunkBytes': {
    schema: z
      .number()
      .int()
      .min(65_536)
      .max(256 * 1024 * 1024),
    label: 'Bytes per upload request (a cut-off upload re-sends at most this; applies at restart)',
    restart: true,
    fallback: 1024 * 1024,
  },
  // Updates of an installed station (electron/settings/update-settings.ts reads them): checked
  // at start, downloaded in the background, installed only when no interview runs.
  'updates.enabled': {
    schema: z.boolean(),
    label: 'Install new versions of the station from IT’s update server, between interviews',
    restart: true,
    fallback: false,
  },
  'updates.channel': {
    schema: z.enum(UPDATE_CHANNELS),
    label: 'Which versions the station updates to',
    restart: true,
    fallback: 'latest',
    choices: [
      { value: 'latest', label: 'Released versions only' },
      { value: 'beta', label: 'Test versions (beta) as well, before their release' },
    ],
  },
  'updates.rolloutPercent': {
    schema: rolloutPercentSchema,
    label:
      'Share of stations that take a new version, in percent (the same stations go first each time)',
    restart: true,
    fallback: 100,
  },
  'updates.url': {
    schema: updateUrlSchema,
    label: 'Update server address (https)',
    restart: true,
    managedOnly: true,
    fallback: null,
  },
} satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
/** Keys an admin may change from the staff screens. */
export const EDITABLE_KEYS = SETTING_KEYS.filter(
  (key) => !(SETTINGS[key] as SettingSpec).managedOnly,
) as [SettingKey, ...SettingKey[]];

export interface SettingView {
  key: SettingKey;
  label: string;
  value: unknown;
  /** What applies when `value` is null. */
  fallback: unknown;
  /** Set by IT's managed config: shown, not editable here. */
  managed: boolean;
  restart: boolean;
  editable: boolean;
  choices: { value: string; label: string }[] | null;
}

/** Settings as staff screens see and change them; managed keys are read-only. */
export class StationSettings {
  constructor(
    private readonly db: Db,
    private readonly managed: ReadonlySet<string> = new Set(),
    /** When a change is made, for the audit log. */
    private readonly clock: Clock = systemClock,
  ) {}

  list(): SettingView[] {
    return SETTING_KEYS.map((key) => {
      const spec: SettingSpec = SETTINGS[key];
      const managed = this.managed.has(key);
      return {
        key,
        label: spec.label,
        value: readSetting<unknown>(this.db, key) ?? null,
        fallback: spec.fallback,
        managed,
        restart: spec.restart,
        editable: !managed && !spec.managedOnly,
        choices: spec.choices ?? null,
      };
    });
  }

  /** An admin's change of one setting (see set), now; returns the settings as they are then. */
  change(key: SettingKey, value: unknown, actor: Omit<AuditEntry, 'action'>): SettingView[] {
    this.set(key, value, actor, this.clock.now());
    return this.list();
  }

  /** Checks and stores one setting (null clears it back to the default). */
  set(key: SettingKey, value: unknown, actor: Omit<AuditEntry, 'action'>, now: number): void {
    const spec: SettingSpec = SETTINGS[key];
    if (spec.managedOnly || this.managed.has(key)) {
      throw new StationError(
        'CONFLICT',
        'This setting is set by your IT department’s managed configuration.',
      );
    }
    if (value === null) {
      this.db.$client.prepare('DELETE FROM settings WHERE key = ?').run(key);
    } else {
      const parsed = spec.schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new StationError(
          'BAD_REQUEST',
          `${spec.label} — ${where}${issue?.message ?? 'invalid value'}`,
        );
      }
      writeSetting(this.db, key, parsed.data);
    }
    recordAudit(this.db, now, {
      ...actor,
      action: 'setting_changed',
      details: { key, value },
    });
  }
}
