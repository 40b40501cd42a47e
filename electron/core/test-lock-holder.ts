/**
 * Test helper, run as its own process (built by data-folder-lock.test.ts): locks the data
 * folder given as its argument, says so on stdout, and holds the lock until it is killed or
 * told on stdin: "release" releases it and exits, "exit" exits without releasing it.
 */
import { acquireDataFolderLock } from './data-folder-lock';

const dataDir = process.argv[2] ?? '';
try {
  const lock = acquireDataFolderLock(dataDir, (line) => console.log(line));
  console.log(`locked ${lock.holder.pid}`);
  process.stdin.once('data', (chunk: Buffer) => {
    if (chunk.toString().trim() === 'release') lock.release();
    process.exit(0);
  });
} catch (error) {
  console.log(`refused ${(error as Error).message}`);
  process.exit(3);
}
