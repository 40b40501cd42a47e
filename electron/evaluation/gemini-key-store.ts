/**
 * Where the Gemini API key is kept: in the data folder, sealed with the station's files key
 * (core/station-key.ts; the station key itself is sealed by the OS in the Electron kiosk, and
 * owner-only on the browser station), or, on a station without a key, in an owner-only file.
 * The key is read only by main's scorer: the screens get a status, never the key, and neither
 * the key nor its file's content is ever logged.
 *
 * IT may set the key instead, in the station's environment: GEMINI_API_KEY (and GEMINI_MODEL,
 * else the default model). A key set by IT wins, and the screens can neither change nor clear it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_GEMINI_MODEL,
  geminiApiKeySchema,
  geminiModelSchema,
  type GeminiKeyStatus,
} from '../../shared/gemini-models';
import { StationError } from '../core/errors';
import { SealedFileWriter } from '../core/sealed-file';
import { readStoredFileSync } from '../core/sealed-read';
import { writeFileDurably } from '../core/station-key';

/** The key's file in the data folder (sealed when the station has a files key). */
export const GEMINI_KEY_FILE = 'gemini.key';

export interface GeminiConfig {
  apiKey: string;
  model: string;
}

/** Who changed the key, for the audit log (which never holds the key). */
export interface KeyActor {
  actorKind: 'admin' | 'recruiter';
  actorId: number;
}

export interface GeminiKeyStore {
  status(): GeminiKeyStatus;
  /** The key and model, for main's scorer only; null when none is configured. */
  read(): GeminiConfig | null;
  /** Keeps a new key and model, or (no key given) a new model for the key kept. */
  set(change: { apiKey?: string; model: string }, actor?: KeyActor): void;
  clear(actor?: KeyActor): void;
}

const storedSchema = z.object({ apiKey: geminiApiKeySchema, model: geminiModelSchema });

/**
 * IT's key from the environment, or null. A malformed one is reported (without its value)
 * and ignored, as managed settings are.
 */
export function managedGeminiConfig(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): GeminiConfig | null {
  if (!env.GEMINI_API_KEY) return null;
  const parsed = storedSchema.safeParse({
    apiKey: env.GEMINI_API_KEY,
    model: env.GEMINI_MODEL || DEFAULT_GEMINI_MODEL,
  });
  if (!parsed.success) {
    log(
      `GEMINI_API_KEY or GEMINI_MODEL is not in the expected form (${parsed.error.issues[0]?.message}); Gemini scoring stays off.`,
    );
    return null;
  }
  return parsed.data;
}

/**
 * IT's Gemini address (GEMINI_BASE_URL: a proxy, or a test server), or undefined for Google's.
 * HTTPS, except to this machine: the answers it carries must not cross a network in clear.
 */
export function managedGeminiBaseUrl(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): string | undefined {
  const raw = env.GEMINI_BASE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    log('GEMINI_BASE_URL is not a URL; Gemini is reached at its own address.');
    return undefined;
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    log(
      'GEMINI_BASE_URL must be https (or http to this machine); Gemini is reached at its own address.',
    );
    return undefined;
  }
  return url.toString().replace(/\/$/, '');
}

/** Writes bytes sealed and whole: aside, then renamed over, as a key must be. */
function writeSealed(file: string, plain: Buffer, filesKey: Buffer): void {
  const aside = `${file}.${process.pid}.sealing`;
  rmSync(aside, { force: true });
  const writer = new SealedFileWriter(aside, filesKey);
  writer.write(plain);
  writer.end();
  // The sealed bytes as they are: the writer cannot rename, and a key must be whole on disk.
  writeFileDurably(file, readFileSync(aside));
  rmSync(aside, { force: true });
}

export interface GeminiKeyStoreOptions {
  /** The data folder; null (a test station) keeps nothing but IT's key. */
  dataDir: string | null;
  /** The station's files key; null: the key is kept in an owner-only file. */
  filesKey: Buffer | null;
  managed?: GeminiConfig | null;
  log: (line: string) => void;
  /** Records a change in the audit log: the action and the model, never the key. */
  audit?: (action: string, details: { model?: string }, actor?: KeyActor) => void;
}

export function createGeminiKeyStore(opts: GeminiKeyStoreOptions): GeminiKeyStore {
  const file = opts.dataDir ? path.join(opts.dataDir, GEMINI_KEY_FILE) : null;
  const managed = opts.managed ?? null;
  let unreadableSaid = false;

  const readStored = (): GeminiConfig | null => {
    if (!file || !existsSync(file)) return null;
    try {
      const parsed = storedSchema.safeParse(
        JSON.parse(readStoredFileSync(file, opts.filesKey).toString('utf8')),
      );
      if (parsed.success) return parsed.data;
    } catch {
      // Unreadable (the station key changed, or the file was edited): said below, no content.
    }
    // Once per run: the key is read at every check-in and every answer scored.
    if (!unreadableSaid) {
      unreadableSaid = true;
      opts.log(
        `The Gemini key in ${file} cannot be read; Gemini scoring stays off until it is set again.`,
      );
    }
    return null;
  };

  const refuseWhenManaged = () => {
    if (managed) {
      throw new StationError(
        'CONFLICT',
        'IT set the Gemini key for this station; it can be changed only where IT set it.',
      );
    }
    if (!file) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This station has no data folder to keep a key in.',
      );
    }
    return file;
  };

  const read = () => managed ?? readStored();
  return {
    read,
    status() {
      const config = read();
      return {
        configured: config !== null,
        model: config?.model ?? DEFAULT_GEMINI_MODEL,
        managed: managed !== null,
        storable: file !== null && managed === null,
      };
    },
    set(change, actor) {
      const target = refuseWhenManaged();
      const apiKey = change.apiKey ?? readStored()?.apiKey;
      if (!apiKey) {
        throw new StationError('PRECONDITION_FAILED', 'Paste a Gemini API key first.');
      }
      const checked = storedSchema.parse({ apiKey, model: change.model });
      const plain = Buffer.from(JSON.stringify(checked));
      if (opts.filesKey) writeSealed(target, plain, opts.filesKey);
      else writeFileDurably(target, plain);
      unreadableSaid = false;
      opts.audit?.(
        change.apiKey ? 'gemini_key_set' : 'gemini_model_set',
        { model: checked.model },
        actor,
      );
    },
    clear(actor) {
      rmSync(refuseWhenManaged(), { force: true });
      opts.audit?.('gemini_key_cleared', {}, actor);
    },
  };
}
