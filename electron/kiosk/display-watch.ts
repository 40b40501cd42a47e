/**
 * The station's displays and its window's focus, as the shell reports them (Electron's
 * `screen` and the kiosk window's blur and focus; the browser station has neither and reports
 * nothing). A second display lets someone else read the questions: by default (as Safe Exam
 * Browser does) it blocks check-in and session start, and while a session runs it is an event
 * from when it is plugged in until it is removed. The window losing focus — another program
 * came in front of the interview — is an event for as long as it lasts.
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { ConditionEvents, type Condition, type RunningSessionClock } from './condition-events';
import type { EnvironmentPolicy } from './remote-tool-watch';

export interface DisplayInfo {
  id: number;
  width: number;
  height: number;
  /** A laptop's own panel, as the system says; false for an external screen. */
  internal: boolean;
}

export interface DisplayWatchParts {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  displaysPolicy: () => EnvironmentPolicy;
  /** Focus loss can be noted or ignored; a lost focus cannot stop what has started. */
  focusPolicy: () => Exclude<EnvironmentPolicy, 'block'>;
  running: () => RunningSessionClock[];
}

export interface DisplayState {
  policy: EnvironmentPolicy;
  /** Null until the shell first reports (always, on the browser station). */
  displays: DisplayInfo[] | null;
  focused: boolean | null;
}

export class DisplayWatch {
  private displays: DisplayInfo[] | null = null;
  private focused: boolean | null = null;
  private readonly conditions: ConditionEvents;

  constructor(private readonly parts: DisplayWatchParts) {
    this.conditions = new ConditionEvents(parts.db, parts.clock);
  }

  /** The shell's report of the connected displays (at start, and on each change). */
  displaysChanged(displays: DisplayInfo[]): void {
    const before = this.displays?.length ?? 1;
    this.displays = displays;
    if (displays.length !== before) {
      this.parts.log(`environment: ${displays.length} display(s) connected.`);
    }
    this.record();
  }

  /** The shell's report that the kiosk window lost or regained focus. */
  focusChanged(focused: boolean): void {
    this.focused = focused;
    this.record();
  }

  /** Called on the environment check's beat, so a session started since gets its events. */
  refresh(): void {
    this.record();
  }

  state(): DisplayState {
    return {
      policy: this.parts.displaysPolicy(),
      displays: this.displays,
      focused: this.focused,
    };
  }

  requireClear(): void {
    const count = this.displays?.length ?? 0;
    if (this.parts.displaysPolicy() !== 'block' || count <= 1) return;
    throw new StationError(
      'PRECONDITION_FAILED',
      `The interview cannot start while ${count} displays are connected to this station. Please ask a member of staff.`,
    );
  }

  private record(): void {
    const holding: Condition[] = [];
    const displays = this.displays ?? [];
    if (displays.length > 1 && this.parts.displaysPolicy() !== 'ignore') {
      holding.push({
        key: 'displays',
        type: 'second_display',
        details: {
          count: displays.length,
          displays: displays.map(({ width, height, internal }) => ({ width, height, internal })),
        },
      });
    }
    if (this.focused === false && this.parts.focusPolicy() !== 'ignore') {
      holding.push({ key: 'focus', type: 'focus_lost', details: {} });
    }
    this.conditions.update(holding, this.parts.running());
  }
}
