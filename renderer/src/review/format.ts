import type { AppRouter } from '../../../electron/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { APPLICATION_STATUSES } from '../../../shared/enums';

type Outputs = inferRouterOutputs<AppRouter>['review'];
export type Dashboard = Outputs['dashboard'];
export type DashboardSort = NonNullable<
  inferRouterInputs<AppRouter>['review']['dashboard']['sort']
>;
export type DashboardRow = Dashboard['interviews'][number];
export type ReviewState = DashboardRow['state'];
export type SessionDetail = Outputs['session'];
export type ReviewAnswer = SessionDetail['answers'][number];
export type ReviewEvent = SessionDetail['events'][number];
export type TimelineSignals = Outputs['signals'];
export type Decision = SessionDetail['interview']['applicationStatus'];

/** The application statuses a decision may set, in the order the predecessor systems used. */
export const DECISIONS: readonly Decision[] = APPLICATION_STATUSES;

export const STATE_LABELS: Record<ReviewState, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  to_review: 'To review',
  decided: 'Decided',
  closed: 'Closed',
};

export const EVENT_LABELS: Record<ReviewEvent['type'], string> = {
  no_face: 'No face',
  multiple_faces: 'Multiple faces',
  looking_away: 'Looking away',
  eyes_closed: 'Eyes closed',
  speech_during_reading: 'Speech while reading',
  other_voice: "Speech while the candidate's mouth is still",
  camera_lost: 'Camera lost',
  mic_lost: 'Microphone lost',
  restart: 'Station restarted',
  remote_tool: 'Remote or meeting tool running',
  second_display: 'Second display connected',
  focus_lost: 'Interview window lost focus',
  virtual_machine: 'Station runs in a virtual machine',
};

/** Session-clock milliseconds as m:ss, or h:mm:ss past an hour. */
export function clockTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A wall-clock time for lists and headers. */
export function dateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : DATE_TIME.format(ms);
}
