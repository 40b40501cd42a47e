/**
 * The data folder holds recordings, answers and the database: only the station's own user may
 * read it. Folders are 0700 and files 0600 whatever the process umask, and whether or not they
 * existed before (a mkdir's mode applies only to a folder it creates).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const OWNER_ONLY_FOLDER = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** Creates a folder (and missing parents) owner-only, or makes an existing one so. */
export function ownerOnlyFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
  chmodSync(folder, OWNER_ONLY_FOLDER);
}

/**
 * Makes a file another program wrote (ffmpeg creates its outputs with the umask's mode)
 * owner-only; a file that is not there, or a symbolic link, is left alone.
 */
export function ownerOnlyFile(file: string): void {
  try {
    const stat = lstatSync(file);
    if (stat.isFile() && (stat.mode & 0o777) !== OWNER_ONLY_FILE) chmodSync(file, OWNER_ONLY_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Makes a folder and everything in it owner-only: folders 0700, files 0600. Symbolic links
 * are never followed (nor changed), so a link planted in the folder cannot make the station
 * change a file elsewhere.
 */
export function ownerOnlyTree(root: string): void {
  ownerOnlyFolder(root);
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const inner = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if ((lstatSync(inner).mode & 0o777) !== OWNER_ONLY_FOLDER) {
          chmodSync(inner, OWNER_ONLY_FOLDER);
        }
        walk(inner);
      } else if (entry.isFile()) {
        ownerOnlyFile(inner);
      }
    }
  };
  walk(root);
}
