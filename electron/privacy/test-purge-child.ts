/**
 * Test helper run as its own process (bundled by core/test-bundle.ts): purges the station
 * database at argv[2] as of the time argv[3], prints `rows-deleted` once the first purge's
 * rows are gone, and then hangs before deleting its files, for the parent to SIGKILL it.
 */
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { RetentionPurge } from './retention-purge';

const [, , file = '', at = '0', migrationsDir = ''] = process.argv;
const db = openDatabase({ file, migrationsDir });
const purge = new RetentionPurge({
  db,
  dataDir: path.dirname(file),
  clock: { now: () => Number(at) },
  log: () => {},
  runningSessions: () => [],
  frameBatch: 250,
  afterRows: () => {
    process.stdout.write('rows-deleted\n');
    return new Promise<void>(() => {
      setInterval(() => {}, 1000);
    });
  },
});
void purge.run();
