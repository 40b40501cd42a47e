import type { StaffSession } from '../staff/staff-store';

/** Placeholder until the review area lands (owned by the review work). */
export function ReviewArea({ session }: { session: StaffSession }) {
  return <p>Signed in as {session.user.displayName}.</p>;
}
