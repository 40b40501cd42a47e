/**
 * The station's credential for its receiver, from a one-time enrolment code: kept in the data
 * folder sealed with the station's files key (as the Gemini key is: evaluation/gemini-key-store.ts),
 * owner-only without one. Read by the sync alone: status shows whether the station is enrolled
 * and where, never the credential, and neither the credential nor the code is ever logged.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { enrolmentResponse } from '../../shared/sync-contract';
import { StationError } from '../core/errors';
import { SealedFileWriter } from '../core/sealed-file';
import { readStoredFileSync } from '../core/sealed-read';
import { writeFileDurably } from '../core/station-key';
import { checkReceiverUrl } from './receiver-url';

export const SYNC_CREDENTIAL_FILE = 'sync.credential';

const storedSchema = z.object({
  receiverUrl: z.string().url(),
  stationId: z.uuid(),
  credential: z.string().min(32).max(256),
  enrolledAt: z.number().int(),
});
export type StoredCredential = z.infer<typeof storedSchema>;

export interface CredentialStore {
  read(): StoredCredential | null;
  write(value: StoredCredential): void;
  clear(): void;
}

export function createCredentialStore(opts: {
  dataDir: string | null;
  filesKey: Buffer | null;
  log: (line: string) => void;
}): CredentialStore {
  const file = opts.dataDir ? path.join(opts.dataDir, SYNC_CREDENTIAL_FILE) : null;
  // A station without a data folder (a test station) keeps it in memory only.
  let memory: StoredCredential | null = null;
  let cached: StoredCredential | null | undefined;
  return {
    read() {
      if (!file) return memory;
      if (cached !== undefined) return cached;
      cached = null;
      if (existsSync(file)) {
        try {
          const parsed = storedSchema.safeParse(
            JSON.parse(readStoredFileSync(file, opts.filesKey).toString('utf8')),
          );
          if (parsed.success) cached = parsed.data;
        } catch {
          // Said below, without content.
        }
        if (!cached) {
          opts.log(`The sync credential in ${file} cannot be read; enrol the station again.`);
        }
      }
      return cached;
    },
    write(value) {
      const checked = storedSchema.parse(value);
      if (!file) {
        memory = checked;
        return;
      }
      const plain = Buffer.from(JSON.stringify(checked));
      if (opts.filesKey) {
        const aside = `${file}.${process.pid}.sealing`;
        rmSync(aside, { force: true });
        const writer = new SealedFileWriter(aside, opts.filesKey);
        writer.write(plain);
        writer.end();
        writeFileDurably(file, readFileSync(aside));
        rmSync(aside, { force: true });
      } else {
        writeFileDurably(file, plain);
      }
      cached = checked;
    },
    clear() {
      memory = null;
      cached = null;
      if (file) rmSync(file, { force: true });
    },
  };
}

/** Trades a one-time code for the station's credential at `receiverUrl`. */
export async function enrolAt(
  rawUrl: string,
  request: { code: string; stationName: string; stationId: string },
  fetchImpl: typeof fetch = fetch,
): Promise<{ receiverUrl: string; credential: string }> {
  const receiverUrl = checkReceiverUrl(rawUrl);
  let response: Response;
  try {
    response = await fetchImpl(`${receiverUrl}/v1/enrol`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new StationError(
      'PRECONDITION_FAILED',
      'The receiver cannot be reached. Check its address and this station’s network.',
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new StationError(
      'FORBIDDEN',
      'The receiver refused this enrolment code. Ask for a new one (each code works once).',
    );
  }
  if (!response.ok) {
    throw new StationError(
      'PRECONDITION_FAILED',
      `The receiver answered ${response.status} to the enrolment. Try again later.`,
    );
  }
  const parsed = enrolmentResponse.safeParse(await response.json().catch(() => null));
  if (!parsed.success || parsed.data.stationId !== request.stationId) {
    throw new StationError(
      'PRECONDITION_FAILED',
      'The receiver’s answer to the enrolment is not in the expected form.',
    );
  }
  return { receiverUrl, credential: parsed.data.credential };
}
