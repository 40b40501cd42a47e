import type { StaffSession } from '../staff/staff-store';
import { CheckInPausePanel } from './check-in-pause-panel';
import { DiagnosticsPanel } from './diagnostics-panel';
import { LivePanel } from './live-panel';
import { useLiveMonitor } from './use-live-monitor';
import './monitor.css';

/** The staff's "Station" tab: the interview running now, live, and the station's own state. */
export function MonitorArea({ session }: { session: StaffSession }) {
  const live = useLiveMonitor(session.token);
  return (
    <div className="monitor">
      <h1>Station</h1>
      <div className="monitor-grid">
        <LivePanel state={live.state} error={live.error} />
        <div className="monitor-side">
          <CheckInPausePanel token={session.token} />
          <DiagnosticsPanel token={session.token} isAdmin={session.user.role === 'admin'} />
        </div>
      </div>
    </div>
  );
}
