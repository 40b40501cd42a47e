/**
 * Test helper, run as its own process (built by station-database.test.ts): encrypts the data
 * folder's plain database with its key file's key, as a station does when encryption at rest
 * is turned on, and stops for good at the step named as its second argument (saying so on
 * stdout), so the test can kill it exactly there; it says "converting" as it begins.
 */
import path from 'node:path';
import { convertDatabaseFile } from '../../db/cipher';
import { databaseKeyOf, fileKeyStore } from '../core/station-key';
import { DATABASE_FILE } from './station-database';

const [dataDir = '', stopAt = ''] = process.argv.slice(2);
const stationKey = fileKeyStore(dataDir).read();
if (!stationKey) throw new Error('no key');
const key = databaseKeyOf(stationKey);
console.log('converting');
convertDatabaseFile(path.join(dataDir, DATABASE_FILE), null, key, (step) => {
  if (step !== stopAt) return;
  console.log(`at ${step}`);
  // Hold here, without an event loop turn, until killed.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
});
console.log('done');
