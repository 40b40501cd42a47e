import { useEffect, useState } from 'react';
import { clockTime } from '../review/format';
import {
  degrees,
  EVENT_TEXT,
  PHASES,
  PRIORITY,
  type LiveSession,
  type LiveSignals,
} from './labels';
import { eventSpan, type LiveState } from './live-state';

/** Who is being interviewed, what the station measures right now, and the events so far. */
export function LivePanel({ state, error }: { state: LiveState; error: string | null }) {
  const { session, signals, events } = state;
  return (
    <section className="panel live-panel" aria-labelledby="live-heading">
      <h2 id="live-heading">Live interview</h2>
      {/* Polite: a new event is read out after whatever the reader is saying now. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {state.announcement}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!state.ready ? (
        <p className="muted">Connecting to the station…</p>
      ) : !session ? (
        <p className="muted live-idle">No interview is running on this station now.</p>
      ) : (
        <>
          <SessionHeader session={session} receivedAt={state.sessionReceivedAt} />
          <h3>Right now</h3>
          {signals ? (
            <p className="help">Latest analysed frame at {clockTime(signals.tMs)}.</p>
          ) : null}
          <Indicators signals={signals} />
          <h3 id="live-events-heading">Events for review</h3>
          <p className="help">
            Each event is a prompt to look at the recording, not a conclusion about the candidate.
          </p>
          {events.length === 0 ? (
            <p className="muted">No events so far.</p>
          ) : (
            <ol className="live-events" aria-labelledby="live-events-heading">
              {events.map((event) => (
                <li key={event.id} className={`live-event priority-${event.severity}`}>
                  <span className="live-event-head">
                    <strong>{EVENT_TEXT[event.type].label}</strong>
                    <span className="live-event-time">{eventSpan(event)}</span>
                  </span>
                  <span>{EVENT_TEXT[event.type].prompt}</span>
                  <span className="live-event-priority">{PRIORITY[event.severity]}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function SessionHeader({ session, receivedAt }: { session: LiveSession; receivedAt: number }) {
  const clockMs = useTicking(session.clockMs, receivedAt);
  return (
    <div className="live-session">
      <p className="live-candidate">
        <strong>{session.candidateName}</strong>
        <span className="muted"> · {session.jobTitle}</span>
      </p>
      <dl className="live-facts">
        <div>
          <dt>Question</dt>
          <dd>
            {Math.min(session.position + 1, session.total)} of {session.total} ·{' '}
            {PHASES[session.phase]}
          </dd>
        </div>
        <div>
          <dt>Session clock</dt>
          {/* Ticks every second: kept out of the live region so it is not read out. */}
          <dd className="live-clock">{clockTime(clockMs)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** The session clock from main's last reading, moving on by itself between updates. */
function useTicking(clockMs: number, receivedAt: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return clockMs + Math.max(0, now - receivedAt);
}

/** The gaze in the candidate's own terms, as live-monitor measures it. */
const GAZE_WORDS: Record<NonNullable<LiveSignals['gaze']>, string> = {
  centre: 'Centre',
  left: 'To their left',
  right: 'To their right',
  up: 'Up',
  down: 'Down',
};

interface Indicator {
  label: string;
  value: string;
  /** Worth the recruiter's eye: marked by words and an outline, not by colour alone. */
  attention: boolean;
}

function indicators(s: LiveSignals | null): Indicator[] {
  const notMeasured = 'Not measured';
  if (!s) {
    return [{ label: 'Camera', value: 'Waiting for the first analysed frame…', attention: false }];
  }
  return [
    {
      label: 'Faces in view',
      value: s.faceCount === 0 ? 'None' : String(s.faceCount),
      attention: s.faceCount !== 1,
    },
    {
      label: 'Looking',
      value: s.lookingAway === null ? notMeasured : s.lookingAway ? 'Away' : 'At the screen',
      attention: s.lookingAway === true,
    },
    {
      label: 'Gaze',
      value: s.gaze === null ? notMeasured : GAZE_WORDS[s.gaze],
      attention: s.gaze !== null && s.gaze !== 'centre',
    },
    {
      label: 'Eyes',
      value:
        s.earAvg === null
          ? notMeasured
          : `${s.eyesClosed ? 'Closed' : 'Open'} (EAR ${s.earAvg.toFixed(2)})`,
      attention: s.eyesClosed === true,
    },
    {
      label: 'Head pose',
      value:
        s.pitch === null || s.yaw === null || s.roll === null
          ? notMeasured
          : `pitch ${degrees(s.pitch)}, yaw ${degrees(s.yaw)}, roll ${degrees(s.roll)}`,
      attention: false,
    },
    {
      label: 'Voice',
      value: s.voiceActive === null ? 'No microphone' : s.voiceActive ? 'Speaking' : 'Quiet',
      attention: false,
    },
    {
      label: 'Frames analysed',
      value: s.fps === null ? '—' : `${s.fps.toFixed(1)} per second`,
      attention: false,
    },
  ];
}

function Indicators({ signals }: { signals: LiveSignals | null }) {
  return (
    <dl className="live-indicators">
      {indicators(signals).map((item) => (
        <div key={item.label} className="indicator" data-attention={item.attention}>
          <dt>{item.label}</dt>
          <dd>
            {item.value}
            {item.attention ? <span className="visually-hidden"> (worth a look)</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
