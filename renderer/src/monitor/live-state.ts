import { clockTime } from '../review/format';
import {
  EVENT_TEXT,
  type LiveEvent,
  type LiveSession,
  type LiveSignals,
  type LiveUpdate,
} from './labels';

/** The live panel's picture of the running interview, built from what main pushes. */
export interface LiveState {
  /** False until main's first snapshot arrives. */
  ready: boolean;
  session: LiveSession | null;
  /** When (performance.now()) the session's clock reading arrived, to keep it ticking. */
  sessionReceivedAt: number;
  signals: LiveSignals | null;
  /** Newest first. */
  events: LiveEvent[];
  /** The sentence for the polite live region: a new event, or an interview starting or ending. */
  announcement: string;
}

export const INITIAL_LIVE_STATE: LiveState = {
  ready: false,
  session: null,
  sessionReceivedAt: 0,
  signals: null,
  events: [],
  announcement: '',
};

/** Applies one update from main; `now` is performance.now() when it arrived. */
export function applyLiveUpdate(state: LiveState, update: LiveUpdate, now: number): LiveState {
  switch (update.kind) {
    case 'snapshot': {
      const before = state.session?.sessionId ?? null;
      const after = update.session?.sessionId ?? null;
      let announcement = state.announcement;
      if (state.ready && before !== after) {
        announcement = update.session
          ? `Interview started: ${update.session.candidateName}.`
          : 'The interview has ended. No interview is running now.';
      }
      return {
        ready: true,
        session: update.session,
        sessionReceivedAt: now,
        signals: update.signals,
        events: [...update.events].reverse(),
        announcement,
      };
    }
    case 'progress':
      if (update.session.sessionId !== state.session?.sessionId) return state;
      return { ...state, session: update.session, sessionReceivedAt: now };
    case 'signals':
      if (update.sessionId !== state.session?.sessionId) return state;
      return { ...state, signals: update.signals };
    case 'event': {
      if (update.sessionId !== state.session?.sessionId) return state;
      const { event } = update;
      const known = state.events.some((e) => e.id === event.id);
      const events = known
        ? state.events.map((e) => (e.id === event.id ? event : e))
        : [event, ...state.events];
      return { ...state, events, announcement: describeEvent(event, known) };
    }
    default:
      return state;
  }
}

/** "0:03–0:08", or "from 0:12" for a device still lost. */
export function eventSpan(event: LiveEvent): string {
  return event.endMs === null
    ? `from ${clockTime(event.startMs)}`
    : `${clockTime(event.startMs)}–${clockTime(event.endMs)}`;
}

const BACK: Partial<Record<LiveEvent['type'], string>> = {
  camera_lost: 'The camera is back',
  mic_lost: 'The microphone is back',
};

function describeEvent(event: LiveEvent, update: boolean): string {
  const { label, prompt } = EVENT_TEXT[event.type];
  if (update && event.endMs !== null) {
    const what = BACK[event.type] ?? `${label} ended`;
    return `${what} at ${clockTime(event.endMs)}.`;
  }
  return `New for review: ${label}, ${eventSpan(event)}. ${prompt}`;
}
