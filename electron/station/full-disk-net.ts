import { isDiskFull } from '../core/disk-space';

/**
 * The last net under a full disk, for `process.on('uncaughtException')` in both shells: a write
 * the services did not expect to fail, thrown from a timer or a child's event, must not end a
 * running interview. Its answers are in SQLite; the disk watch stops recording and tells
 * candidate and staff. Any other error goes to `fail`, which ends the station as before.
 */
export function fullDiskNet(
  log: (line: string) => void,
  fail: (error: Error) => void,
): (error: Error) => void {
  return (error) => {
    if (!isDiskFull(error)) {
      fail(error);
      return;
    }
    const where = error.stack?.split('\n').slice(1, 9).join(' ').replace(/\s+/g, ' ') ?? '';
    log(`The disk is full; a write failed and the station carries on: ${String(error)} ${where}`);
  };
}
