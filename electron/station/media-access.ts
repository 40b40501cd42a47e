import { passwordChangeRefusal, staffAccess, staffToken } from '../api/staff-procedures';
import type { Services } from '../api/services';

/**
 * The query parameter carrying the staff sign-in token on media and export URLs
 * (`/media/<id>?s=<token>`). A video element cannot add a header, so the token travels in the
 * address, as the per-run secret already does.
 */
export const STAFF_TOKEN_PARAM = 's';

/**
 * Who asked for a recording or an export: signed-in staff; someone refused outright (a
 * candidate's token, or staff yet to replace a first-run password); or nobody known.
 */
export type FileAccess = 'staff' | 'forbidden' | 'none';

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
  if (!token.success) return 'none';
  const access = staffAccess(services, token.data);
  if (access.kind === 'candidate') return 'forbidden';
  // As recruiterProcedure: a first-run password still to change opens no staff data.
  if (access.kind === 'staff' && passwordChangeRefusal(access.staff)) return 'forbidden';
  return access.kind;
}

/** The status refusing a file request (401 not signed in, 403 refused), or null to serve. */
export function fileRefusal(access: FileAccess): 401 | 403 | null {
  if (access === 'staff') return null;
  return access === 'forbidden' ? 403 : 401;
}
