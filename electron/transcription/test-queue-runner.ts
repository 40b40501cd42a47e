/**
 * Test helper run as its own process: a station's transcription queue on a data folder, until
 * no job is left to do. The crash test kills it mid-job and starts it again.
 *   node queue-runner.mjs <dataDir> <resourcesDir> <migrationsDir> <whisperWorker>
 */
import { systemClock } from '../core/clock';
import { queueCounts } from './job-store';
import { openFolderDatabase } from '../station/station-database';
import { TranscriptionService } from './transcription-service';

const [dataDir = '', resourcesDir = '', migrationsDir = '', workerFile = ''] =
  process.argv.slice(2);
const db = openFolderDatabase(dataDir, migrationsDir);
const service = new TranscriptionService({
  db,
  dataDir,
  resourcesDir,
  workerFile,
  clock: systemClock,
  log: (line) => console.log(line),
  temperatureInc: 0,
});
const { requeued, modelLoaded } = service.start();
console.log(`requeued ${requeued}`);
await modelLoaded;
for (;;) {
  const counts = queueCounts(db);
  if (counts.queued === 0 && counts.running === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await service.close();
db.$client.close();
console.log('queue empty');
