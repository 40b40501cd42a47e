import { staffAccess, staffToken } from '../api/staff-procedures';
import type { Services } from '../services/services';

/**
 * The query parameter carrying the staff sign-in token on media and export URLs
 * (`/media/<id>?s=<token>`). A video element cannot add a header, so the token travels in the
 * address, as the per-run secret already does.
 */
export const STAFF_TOKEN_PARAM = 's';

/** Who asked for a recording or an export: signed-in staff, a candidate, or nobody known. */
export type FileAccess = 'staff' | 'candidate' | 'none';

/**
 * Recordings, thumbnails and exports are staff data: media ids are sequential, and the
 * candidate's page on the same kiosk holds the per-run secret, so the secret alone would let
 * it fetch other candidates' recordings. The token is checked exactly as recruiterProcedure
 * checks it.
 */
export function fileAccess(
  services: Pick<Services, 'tokens' | 'staff' | 'clock'>,
  url: URL,
): FileAccess {
  const token = staffToken.shape.token.safeParse(url.searchParams.get(STAFF_TOKEN_PARAM));
  return token.success ? staffAccess(services, token.data).kind : 'none';
}

/** The status refusing a file request (401 not signed in, 403 a candidate), or null to serve. */
export function fileRefusal(access: FileAccess): 401 | 403 | null {
  if (access === 'staff') return null;
  return access === 'candidate' ? 403 : 401;
}
