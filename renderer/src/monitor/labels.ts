import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';

type Outputs = inferRouterOutputs<AppRouter>['monitor'];
export type LiveUpdate = Outputs['live'] extends AsyncIterable<infer T> ? T : never;
export type LiveSnapshot = Extract<LiveUpdate, { kind: 'snapshot' }>;
export type LiveSession = NonNullable<LiveSnapshot['session']>;
export type LiveSignals = NonNullable<LiveSnapshot['signals']>;
export type LiveEvent = LiveSnapshot['events'][number];
export type Diagnostics = Outputs['diagnostics'];
export type DeviceState = Diagnostics['capture']['camera'];

/**
 * What each event is called on the live panel, and the question it puts to the reviewer.
 * Signals are prompts for a person to look at the recording, never a verdict.
 */
export const EVENT_TEXT: Record<LiveEvent['type'], { label: string; prompt: string }> = {
  no_face: { label: 'No face', prompt: 'The camera saw no face. Worth a look in the recording.' },
  multiple_faces: {
    label: 'Several faces',
    prompt: 'More than one face was in view. Check who was there.',
  },
  looking_away: {
    label: 'Looking away',
    prompt: 'The head or eyes were turned away for a while. Check the context.',
  },
  eyes_closed: {
    label: 'Eyes closed',
    prompt: 'The eyes looked closed for a while. Check the context.',
  },
  speech_during_reading: {
    label: 'Speech while reading',
    prompt: 'Speech was heard during reading time. Listen to the recording.',
  },
  other_voice: {
    label: 'Another voice',
    prompt: "Speech while the candidate's mouth is still. Listen to the recording.",
  },
  camera_lost: {
    label: 'Camera lost',
    prompt: 'The station lost its camera; the recording has a gap here.',
  },
  mic_lost: {
    label: 'Microphone lost',
    prompt: 'The station lost its microphone; the sound has a gap here.',
  },
  restart: { label: 'Station restarted', prompt: 'The interview was resumed after a restart.' },
  remote_tool: {
    label: 'Remote or meeting tool',
    prompt:
      'A remote-desktop, meeting or recording tool was running on the station. Check who could see the screen.',
  },
  second_display: {
    label: 'Second display',
    prompt: 'Another display was connected to the station. Check who could see it.',
  },
  focus_lost: {
    label: 'Window lost focus',
    prompt: 'Another program came in front of the interview for a while. Check the context.',
  },
  virtual_machine: {
    label: 'Virtual machine',
    prompt:
      'The station runs inside a virtual machine. Check whether the host could be watched or used by someone else.',
  },
};

export const PRIORITY: Record<LiveEvent['severity'], string> = {
  info: 'For information',
  low: 'Low review priority',
  medium: 'Medium review priority',
  high: 'High review priority',
};

export const DEVICE_STATES: Record<DeviceState, string> = {
  off: 'Off',
  starting: 'Starting',
  ok: 'Working',
  reconnecting: 'Reconnecting',
  failed: 'Not working',
};

export const PHASES: Record<LiveSession['phase'], string> = {
  reading: 'Reading time',
  answering: 'Answering',
};

/** "1.2 GB", "850 MB": disk sizes in decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A signed whole number of degrees with a real minus sign. */
export function degrees(value: number): string {
  const rounded = Math.round(value);
  return `${rounded < 0 ? '−' : ''}${Math.abs(rounded)}°`;
}
