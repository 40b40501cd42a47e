/**
 * What a reviewer is shown as the evidence of each event type, in one place: the replay's
 * event list, the report and the tests read it. A new event type must say what its evidence
 * is here (the Record makes that a type error), and the evidence test checks it is stored.
 * Imports only types, so every layer may import it.
 */
import type { EventType } from './enums';

/**
 * - `frame`: a thumbnail of the camera frame the event started on (the signal worker keeps it).
 * - `frame_audio`: that, and the event's span of the recording is playable (speech events).
 * - `text`: one plain line from what the station recorded with it (a process, a display
 *   count, a device's error) — there is no telling picture of a program or a cable.
 */
export type EvidenceKind = 'frame' | 'frame_audio' | 'text';

export const EVENT_EVIDENCE: Record<EventType, EvidenceKind> = {
  no_face: 'frame',
  multiple_faces: 'frame',
  looking_away: 'frame',
  eyes_closed: 'frame',
  speech_during_reading: 'frame_audio',
  other_voice: 'frame_audio',
  camera_lost: 'text',
  mic_lost: 'text',
  restart: 'text',
  remote_tool: 'text',
  second_display: 'text',
  focus_lost: 'text',
  virtual_machine: 'text',
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The device events' line: its error, and how many tries it took to come back. */
function deviceLine(device: string, details: Record<string, unknown>): string {
  const reason = text(details.reason);
  const tries = count(details.reconnectAttempts);
  const back = tries === null ? '' : `; back after ${tries} ${tries === 1 ? 'try' : 'tries'}`;
  return `${device} stopped${reason ? `: ${reason}` : ''}${back}`;
}

/**
 * The plain evidence line of an event from its stored details, or null when its evidence is
 * a picture. Says only what the station itself recorded (never the candidate's data).
 */
export function evidenceLine(
  type: EventType,
  details: Record<string, unknown> | null,
): string | null {
  const d = details ?? {};
  switch (type) {
    case 'camera_lost':
      return deviceLine('The camera', d);
    case 'mic_lost':
      return deviceLine('The microphone', d);
    case 'restart': {
      const gap = count(d.gapMs);
      const position = count(d.position);
      return (
        `The station stopped and the session resumed` +
        (gap === null ? '' : ` ${seconds(gap)} later`) +
        (position === null ? '' : `, at question ${position + 1}`)
      );
    }
    case 'remote_tool': {
      const product = text(d.product) ?? 'A blocked tool';
      const executables = Array.isArray(d.executables)
        ? d.executables.map(text).filter((e): e is string => e !== null)
        : [];
      return `${product} was running${executables.length > 0 ? ` (${executables.join(', ')})` : ''}`;
    }
    case 'second_display': {
      const displays = count(d.count);
      return displays === null
        ? 'More than one display was connected'
        : `${displays} displays were connected`;
    }
    case 'focus_lost':
      return 'Another window came in front of the interview';
    case 'virtual_machine': {
      const reasons = Array.isArray(d.reasons)
        ? d.reasons.map(text).filter((r): r is string => r !== null)
        : [];
      // The check's reasons are sentences ("The system model names QEMU."): joined, lowered.
      const why = reasons.map((r) => r.replace(/^The /, 'the ').replace(/\.$/, '')).join('; ');
      return `The station runs in a virtual machine${why ? `: ${why}.` : ''}`;
    }
    default:
      return null;
  }
}

/** The span of the recording a speech event's evidence plays, or null for other kinds. */
export function audioSpan(event: {
  type: EventType;
  startMs: number;
  endMs: number | null;
}): { startMs: number; endMs: number } | null {
  if (EVENT_EVIDENCE[event.type] !== 'frame_audio' || event.endMs === null) return null;
  return { startMs: event.startMs, endMs: event.endMs };
}
