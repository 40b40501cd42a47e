/**
 * The Whisper model files an admin may choose among: ggml `.bin` files in the app's
 * resources/models/ (bundled with the installer) and in the data folder's models/ (IT copies
 * files there; the app never downloads one). The admin's choice is a file NAME, looked up in
 * those two folders only, so nothing sent from the screens can point the station at another
 * file. IT's managed config may still name any path (`transcription.modelPath`).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KNOWN_MODELS } from './ggml-model';

export const MODELS_FOLDER = 'models';

/**
 * The `transcription.model` setting: a plain `.bin` file name. No slash, backslash, colon or
 * `..`, and it starts with a letter or digit (not a dot), so it cannot leave its folder.
 */
export const modelFileNameSchema = z
  .string()
  .max(100, 'Use a model file from the list (a file name of at most 100 characters).')
  .regex(
    /^(?!.*\.\.)[A-Za-z0-9][\w.+-]*\.bin$/,
    'Use a model file from the list (a file name ending in .bin, without folders).',
  );

/** resources/models/ ships with the installer; the data folder's models/ is where IT adds files. */
export type ModelFolderKind = 'bundled' | 'data';

export interface ModelFolder {
  kind: ModelFolderKind;
  dir: string;
}

/** The two folders, in the order they are searched. */
export function modelFolders(resourcesDir: string, dataDir?: string): ModelFolder[] {
  const folders: ModelFolder[] = [{ kind: 'bundled', dir: path.join(resourcesDir, MODELS_FOLDER) }];
  if (dataDir) folders.push({ kind: 'data', dir: path.join(dataDir, MODELS_FOLDER) });
  return folders;
}

export interface ModelFileEntry {
  /** The file name, which is what the setting stores. */
  file: string;
  folder: ModelFolderKind;
  bytes: number;
  /**
   * The published model ("base.en") whose file name and size this has, else null. Only a
   * guess for the list: hashing hundreds of megabytes per listing is too slow, so the sha256
   * is checked when the model is loaded.
   */
  published: string | null;
}

function fileSize(file: string): number | null {
  try {
    // statSync follows a symbolic link, which IT may well use to share one copy.
    const stat = statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    // A folder that does not exist (or cannot be read) simply holds no models.
    return [];
  }
}

/**
 * The model files an admin may choose: each name once, from the first folder that holds it
 * (the one the station would load), bundled files first.
 */
export function listModelFiles(folders: ModelFolder[]): ModelFileEntry[] {
  const entries: ModelFileEntry[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    for (const name of namesIn(folder.dir)) {
      if (seen.has(name) || !modelFileNameSchema.safeParse(name).success) continue;
      const bytes = fileSize(path.join(folder.dir, name));
      if (bytes === null) continue;
      seen.add(name);
      const published = KNOWN_MODELS.find((m) => m.file === name && m.bytes === bytes);
      entries.push({ file: name, folder: folder.kind, bytes, published: published?.name ?? null });
    }
  }
  return entries;
}

/** The chosen file in the first folder that holds it; null when it is in neither. */
export function locateModelFile(name: string, folders: ModelFolder[]): string | null {
  if (!modelFileNameSchema.safeParse(name).success) return null;
  for (const folder of folders) {
    const file = path.join(folder.dir, name);
    if (fileSize(file) !== null) return file;
  }
  return null;
}

/** The first published model present, in the folders' order, then in KNOWN_MODELS' order. */
export function firstKnownModel(folders: ModelFolder[]): string | null {
  for (const folder of folders) {
    const present = new Set(namesIn(folder.dir));
    const known = KNOWN_MODELS.find((model) => present.has(model.file));
    if (known) return path.join(folder.dir, known.file);
  }
  return null;
}
