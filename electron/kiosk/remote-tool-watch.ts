/**
 * Remote-desktop, screen-sharing, meeting, chat and recording tools running on the station,
 * checked at start and every few seconds after (remote-tools.ts has the list), and acted on
 * as IT set it (`kiosk.remoteTools`): `block` refuses check-in and session start while one
 * runs, with a line for staff; `flag` lets the interview go on and records a `remote_tool`
 * event on every running session for as long as the tool runs, with the product and its
 * executable names as the reviewer's evidence; `ignore` does neither (the finding still shows
 * in diagnostics, so staff know).
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { ConditionEvents, type RunningSessionClock } from './condition-events';
import { findBlockedTools, type RunningProcess, type ToolFinding } from './remote-tools';

export const ENVIRONMENT_POLICIES = ['block', 'flag', 'ignore'] as const;
export type EnvironmentPolicy = (typeof ENVIRONMENT_POLICIES)[number];

export interface RemoteToolWatchParts {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  policy: () => EnvironmentPolicy;
  listProcesses: () => Promise<RunningProcess[]>;
  /** The running sessions and when each started (time 0 of its clock). */
  running: () => RunningSessionClock[];
}

export interface RemoteToolState {
  policy: EnvironmentPolicy;
  findings: ToolFinding[];
  checkedAt: number | null;
  /** Set when the process list could not be read (the check then blocks nothing). */
  error: string | null;
}

const productsOf = (findings: ToolFinding[]) => findings.map((f) => f.product).join(', ');

export class RemoteToolWatch {
  private findings: ToolFinding[] = [];
  private checkedAt: number | null = null;
  private error: string | null = null;
  private readonly conditions: ConditionEvents;

  constructor(private readonly parts: RemoteToolWatchParts) {
    this.conditions = new ConditionEvents(parts.db, parts.clock);
  }

  /** Lists the processes and acts on what runs; never throws (a timer calls it). */
  async check(): Promise<RemoteToolState> {
    const { clock, log } = this.parts;
    try {
      const findings = findBlockedTools(await this.parts.listProcesses());
      const before = productsOf(this.findings);
      this.findings = findings;
      this.error = null;
      if (productsOf(findings) !== before) {
        log(
          findings.length > 0
            ? `environment: running on this station: ${productsOf(findings)}.`
            : 'environment: no remote-desktop, meeting or recording tool is running any more.',
        );
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (this.error === null) log(`environment: the process list could not be read (${code}).`);
      this.error = `The process list could not be read (${code}).`;
    }
    this.checkedAt = clock.now();
    this.recordEvents();
    return this.state();
  }

  state(): RemoteToolState {
    return {
      policy: this.parts.policy(),
      findings: this.findings,
      checkedAt: this.checkedAt,
      error: this.error,
    };
  }

  /** Refuses a check-in or start while a tool runs and IT set the policy to block. */
  requireClear(): void {
    if (this.parts.policy() !== 'block' || this.findings.length === 0) return;
    throw new StationError(
      'PRECONDITION_FAILED',
      `The interview cannot start while ${productsOf(this.findings)} ${this.findings.length === 1 ? 'is' : 'are'} running on this station. Please ask a member of staff.`,
    );
  }

  /** Opens an event per running session and tool; ends those whose tool stopped. */
  private recordEvents(): void {
    const running = this.parts.policy() === 'ignore' ? [] : this.parts.running();
    this.conditions.update(
      this.findings.map((finding) => ({
        key: finding.product,
        type: 'remote_tool',
        details: {
          product: finding.product,
          category: finding.category,
          executables: finding.executables,
        },
      })),
      running,
    );
  }
}
