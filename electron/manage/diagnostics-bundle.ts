/**
 * The diagnostics bundle staff send to support: one zip in the exports folder (downloaded at
 * `/exports/<id>` within the hour, admins only since it names no interview or candidate) with
 * the station's diagnostics (versions, model states, disk, processor, memory, IT's managed
 * config errors), its settings with every secret masked, and its recent log files.
 *
 * Support needs the station's state, never anyone's data or keys: secrets are masked by a
 * list of known keys and by name (SECRET_NAME), and the log text (already redacted by
 * core/file-log.ts) is scrubbed again of the station's secret values and of anything shaped
 * like an interview code, so an older log line cannot carry one out.
 */
import {
  createWriteStream,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';
import type { Db } from '../../db/open';
import { settings } from '../../db/schema';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { LOG_DIR } from '../core/file-log';
import { sealFile, type FileSealing } from '../core/sealed-file';
import { ADMIN_PIN_LOCK_KEY } from '../domain/admin-gate';
import { ADMIN_PIN_KEY } from '../domain/seed';
import type { StaffUser } from '../domain/staff-auth';
import { newExport, pruneExports } from '../review/export-files';
import { SETTING_KEYS, SETTINGS } from '../settings/station-settings';
import type { StationDiagnostics } from '../monitor/station-diagnostics';
import { redactAccessCodes } from '../core/secrets';

/** Station settings rows that are secrets whatever their name says. */
export const SECRET_SETTING_KEYS = [ADMIN_PIN_KEY, ADMIN_PIN_LOCK_KEY, 'accessCodes.keyCheck'];
/** Any key (a setting, or a field inside one) whose name says it holds a secret. */
export const SECRET_NAME = /key|secret|token|password|pin|credential/i;
export const MASKED = '[masked]';

/** The newest log files go in up to this much text; older rolled files are left out. */
const MAX_LOG_BYTES = 20 * 1024 * 1024;

export interface DiagnosticsBundleSources {
  db: Db;
  dataDir: string | null;
  clock: Clock;
  sealing: FileSealing;
  /** The diagnostics as the card shows them (station-diagnostics.ts). */
  report(): Promise<StationDiagnostics>;
  /** The station's secret values (Gemini key, sync credential, IT's codes): never in the zip. */
  secretValues(): (string | null | undefined)[];
}

export interface DiagnosticsBundleResult {
  /** The export to download at `/exports/<id>`, within the hour. */
  exportId: string;
  fileName: string;
  /** The log files it holds. */
  logFiles: number;
}

/** The bundle as a service the router calls (built once with what it reads). */
export class DiagnosticsBundles {
  constructor(private readonly from: DiagnosticsBundleSources) {}

  export(staff: StaffUser): Promise<DiagnosticsBundleResult> {
    return writeDiagnosticsBundle(this.from, staff);
  }
}

export async function writeDiagnosticsBundle(
  from: DiagnosticsBundleSources,
  staff: StaffUser,
): Promise<DiagnosticsBundleResult> {
  const { db, dataDir, clock } = from;
  if (!dataDir) {
    throw new StationError('PRECONDITION_FAILED', 'This station has no data folder to export to.');
  }
  const now = clock.now();
  pruneExports(dataDir, now);
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const { id, file } = newExport(dataDir, `station-diagnostics-${stamp}.zip`);
  const scrub = scrubber(from.secretValues());
  const logs = recentLogs(path.join(dataDir, LOG_DIR));
  const entries: [string, string][] = [
    ['README.txt', readme(now, logs.length)],
    ['diagnostics.json', scrub(JSON.stringify(await from.report(), null, 2))],
    ['settings.json', scrub(JSON.stringify(maskedSettings(db), null, 2))],
    ...logs.map(([name, text]): [string, string] => [`logs/${name}`, scrub(text)]),
  ];
  try {
    await writeZip(entries, file, from.sealing);
  } catch (error) {
    rmSync(path.dirname(file), { recursive: true, force: true });
    throw error;
  }
  recordAudit(db, now, {
    actorKind: staff.role,
    actorId: staff.id,
    action: 'diagnostics_exported',
    details: { logFiles: logs.length },
  });
  return { exportId: id, fileName: path.basename(file), logFiles: logs.length };
}

/** Every settings row: the settings staff know by label with their state, then the rest. */
export function maskedSettings(db: Db) {
  const rows = new Map(
    db
      .select()
      .from(settings)
      .all()
      .map((r) => [r.key, r.value]),
  );
  const valueOf = (key: string): unknown => {
    if (!rows.has(key)) return null;
    if (SECRET_SETTING_KEYS.includes(key) || SECRET_NAME.test(key)) return MASKED;
    return maskFields(rows.get(key));
  };
  return {
    settings: SETTING_KEYS.map((key) => ({
      key,
      value: valueOf(key),
      fallback: SETTINGS[key].fallback,
    })),
    stationState: Object.fromEntries(
      [...rows.keys()]
        .filter((key) => !(SETTING_KEYS as string[]).includes(key))
        .sort()
        .map((key) => [key, valueOf(key)]),
    ),
  };
}

/** A value with every field whose name says "secret" masked, at any depth. */
function maskFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskFields);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? MASKED : maskFields(v)]),
  );
}

/** Replaces each secret value (and anything code-shaped) wherever it appears in a text. */
function scrubber(values: (string | null | undefined)[]): (text: string) => string {
  // Short values would match ordinary words; the station's secrets are all long.
  const secrets = [...new Set(values.filter((v): v is string => !!v && v.length >= 8))];
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(MASKED);
    return redactAccessCodes(out);
  };
}

/** station.log, station.1.log, … newest first, as long as they fit in MAX_LOG_BYTES. */
function recentLogs(dir: string): [string, string][] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^station(\.\d+)?\.log$/.test(n));
  } catch {
    return [];
  }
  const order = (n: string) => Number(/\.(\d+)\.log$/.exec(n)?.[1] ?? 0);
  names.sort((a, b) => order(a) - order(b));
  const picked: [string, string][] = [];
  let total = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const size = statSync(file).size;
    if (total + size > MAX_LOG_BYTES && picked.length > 0) break;
    picked.push([name, readFileSync(file, 'utf8')]);
    total += size;
  }
  return picked;
}

function readme(now: number, logFiles: number): string {
  return [
    'Interview Station diagnostics bundle',
    `Made ${new Date(now).toISOString()}.`,
    '',
    'diagnostics.json  versions, camera and microphone, transcription model and queue, disk,',
    '                  processor and memory, retention, sync, and IT managed config errors',
    'settings.json     the station settings; secrets (PIN, keys, credentials) are masked',
    `logs/             the ${logFiles} most recent station log file(s), newest first`,
    '',
    'It holds no candidate data: log lines never name candidates, and anything shaped like an',
    'interview code is replaced by [code].',
    '',
  ].join('\n');
}

async function writeZip(entries: [string, string][], file: string, sealing: FileSealing) {
  const zip = new ZipFile();
  const partial = path.join(path.dirname(file), '.bundle.part');
  const out = createWriteStream(partial, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(out);
  for (const [name, text] of entries) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  await written;
  // With encryption at rest every export is sealed, and decrypted as it is served.
  if (sealing.sealNew && sealing.filesKey) {
    sealFile(partial, file, sealing.filesKey);
    rmSync(partial, { force: true });
  } else {
    renameSync(partial, file);
  }
}
