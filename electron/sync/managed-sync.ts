/**
 * IT's sync settings from the station's environment (the managed config): SYNC_RECEIVER_URL
 * and SYNC_ENROLMENT_CODE enrol the station at start. A malformed one is reported without its
 * value and ignored, as managed settings are; the code is never logged.
 */
import { StationError } from '../core/errors';
import { checkReceiverUrl } from './receiver-url';

export function managedSyncConfig(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): { receiverUrl: string; code: string } | null {
  const raw = env.SYNC_RECEIVER_URL?.trim();
  if (!raw) return null;
  const code = env.SYNC_ENROLMENT_CODE?.trim() ?? '';
  if (code.length < 8 || code.length > 64) {
    log(
      'SYNC_ENROLMENT_CODE is missing or not 8 to 64 characters; sync is not enrolled from the environment.',
    );
    return null;
  }
  try {
    return { receiverUrl: checkReceiverUrl(raw), code };
  } catch (error) {
    log(
      `SYNC_RECEIVER_URL is refused: ${error instanceof StationError ? error.message : 'not a web address'}`,
    );
    return null;
  }
}
