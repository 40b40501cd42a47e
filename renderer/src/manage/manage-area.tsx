import type { StaffSession } from '../staff/staff-store';

/** Placeholder until the management area lands (owned by the management work). */
export function ManageArea({ session }: { session: StaffSession }) {
  return <p>Signed in as {session.user.displayName}.</p>;
}
