import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ManageArea } from '../manage/manage-area';
import { MonitorArea } from '../monitor/monitor-area';
import { ReviewArea } from '../review/review-area';
import { SettingsArea } from '../settings/settings-area';
import { useTRPC } from '../trpc';
import { ChangePassword } from './change-password';
import { useStaffStore, type StaffSession } from './staff-store';

type Area = 'review' | 'manage' | 'monitor' | 'settings';
const AREAS: { id: Area; label: string; adminOnly?: boolean }[] = [
  { id: 'review', label: 'Interviews' },
  { id: 'manage', label: 'Manage' },
  { id: 'monitor', label: 'Station' },
  // The station settings router is admin-only; recruiters are not offered the screen.
  { id: 'settings', label: 'Settings', adminOnly: true },
];

/** The recruiter and admin side of the station, after sign-in. */
export function StaffShell({ session }: { session: StaffSession }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signedOut = useStaffStore((s) => s.signedOut);
  const [area, setArea] = useState<Area>('review');
  // The station ends idle sign-ins; asking who we are once a minute notices that.
  const me = useQuery({
    ...trpc.staff.me.queryOptions({ token: session.token }),
    refetchInterval: 60_000,
    retry: false,
  });
  const leave = () => {
    queryClient.clear();
    signedOut();
  };
  const logout = useMutation(trpc.staff.logout.mutationOptions({ onSettled: leave }));
  useEffect(() => {
    if (!me.error) return;
    queryClient.clear();
    signedOut();
  }, [me.error, queryClient, signedOut]);

  if (session.user.mustChangePassword) {
    return (
      <main className="screen">
        <ChangePassword session={session} />
      </main>
    );
  }
  return (
    <div className="staff">
      <header className="staff-header">
        <nav aria-label="Staff areas" className="staff-nav">
          {AREAS.filter((a) => !a.adminOnly || session.user.role === 'admin').map((a) => (
            <button
              key={a.id}
              type="button"
              aria-current={area === a.id ? 'page' : undefined}
              onClick={() => setArea(a.id)}
            >
              {a.label}
            </button>
          ))}
        </nav>
        <span className="staff-who">
          {session.user.displayName} ({session.user.role})
        </span>
        <button type="button" onClick={() => logout.mutate({ token: session.token })}>
          Sign out
        </button>
      </header>
      <main className="staff-main">
        {area === 'review' ? (
          <ReviewArea session={session} />
        ) : area === 'manage' ? (
          <ManageArea session={session} />
        ) : area === 'settings' ? (
          <SettingsArea session={session} />
        ) : (
          <MonitorArea session={session} />
        )}
      </main>
    </div>
  );
}
