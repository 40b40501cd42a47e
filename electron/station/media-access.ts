import { passwordChangeRefusal, staffAccess, staffToken } from '../api/staff-procedures';
import type { Services } from '../api/services';
import type { StaffUser } from '../domain/staff-auth';

// The routes both shells serve files on (browser-station.ts, shell/app-files.ts).
const MEDIA_PREFIX = '/media/';
const EXPORTS_PREFIX = '/exports/';

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
 * checks it, and then the job, as the review procedures check it: a recruiter gets only
 * files of their jobs' interviews (another job's is forbidden; an unknown id goes on to 404).
 */
export function fileAccess(
  services: Pick<Services, 'tokens' | 'staff' | 'clock' | 'jobAccess' | 'review'>,
  url: URL,
): FileAccess {
  const token = staffToken.shape.token.safeParse(url.searchParams.get(STAFF_TOKEN_PARAM));
  if (!token.success) return 'none';
  const access = staffAccess(services, token.data);
  if (access.kind === 'candidate') return 'forbidden';
  // As recruiterProcedure: a first-run password still to change opens no staff data.
  if (access.kind === 'staff' && passwordChangeRefusal(access.staff)) return 'forbidden';
  if (access.kind === 'staff' && !jobAllows(services, access.staff, url.pathname)) {
    return 'forbidden';
  }
  return access.kind;
}

/** Whether the file a path names belongs to a job the staff member may see. */
function jobAllows(
  services: Pick<Services, 'jobAccess' | 'review'>,
  staff: StaffUser,
  pathname: string,
): boolean {
  if (staff.role === 'admin') return true;
  if (pathname.startsWith(MEDIA_PREFIX)) {
    const id = pathname.slice(MEDIA_PREFIX.length);
    // A malformed or unknown id is the lookup's to refuse with a 404.
    if (!/^[1-9]\d{0,11}$/.test(id)) return true;
    return services.jobAccess.canSeeMedia(staff, Number(id)) !== false;
  }
  if (pathname.startsWith(EXPORTS_PREFIX)) {
    const found = services.review.exportFile(pathname.slice(EXPORTS_PREFIX.length));
    if (!found) return true;
    if (found.candidateId !== null) return canSeeCandidate(services, staff, found.candidateId);
    // An export that names no interview predates per-job access: admins only.
    return (
      found.interviewId !== null && services.jobAccess.canSeeInterview(staff, found.interviewId)
    );
  }
  return true;
}

/** The status refusing a file request (401 not signed in, 403 refused), or null to serve. */
export function fileRefusal(access: FileAccess): 401 | 403 | null {
  if (access === 'staff') return null;
  return access === 'forbidden' ? 403 : 401;
}

/** Whether a staff member may see a candidate (the copy of their data is theirs to hand over). */
function canSeeCandidate(
  services: Pick<Services, 'jobAccess'>,
  staff: StaffUser,
  candidateId: number,
): boolean {
  try {
    services.jobAccess.candidate(staff, candidateId);
    return true;
  } catch {
    return false;
  }
}
