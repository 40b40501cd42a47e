/**
 * tus-js-client's URL storage, in a JSON file in the data folder: where each upload lives on
 * the receiver, by fingerprint, so an upload cut off by a kill or a power cut resumes from the
 * receiver's offset after the restart instead of from zero. Written whole and atomically
 * (aside, fsynced, renamed), so a kill mid-write leaves the last good file.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import { writeFileDurably } from '../core/station-key';

type Entry = PreviousUpload & { fingerprint: string };

export class FileUrlStorage implements UrlStorage {
  constructor(private readonly file: string) {}

  private readAll(): Record<string, Entry> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, Entry>) : {};
    } catch {
      // A damaged store costs a re-upload from zero, never an upload.
      return {};
    }
  }

  private writeAll(entries: Record<string, Entry>): void {
    writeFileDurably(this.file, JSON.stringify(entries));
  }

  findAllUploads(): Promise<PreviousUpload[]> {
    return Promise.resolve(Object.values(this.readAll()));
  }

  findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return Promise.resolve(
      Object.values(this.readAll()).filter((entry) => entry.fingerprint === fingerprint),
    );
  }

  removeUpload(urlStorageKey: string): Promise<void> {
    this.writeAll(
      Object.fromEntries(Object.entries(this.readAll()).filter(([key]) => key !== urlStorageKey)),
    );
    return Promise.resolve();
  }

  /** Removes every upload of a fingerprint (one the receiver refused, to start it afresh). */
  removeFingerprint(fingerprint: string): void {
    this.writeAll(
      Object.fromEntries(
        Object.entries(this.readAll()).filter(([, entry]) => entry.fingerprint !== fingerprint),
      ),
    );
  }

  addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const entries = this.readAll();
    const key = `tus::${fingerprint}`;
    entries[key] = { ...upload, urlStorageKey: key, fingerprint };
    this.writeAll(entries);
    return Promise.resolve(key);
  }
}
