/**
 * Remote-desktop, screen-sharing, meeting, chat and recording tools running on the station,
 * checked at start and every few seconds after (remote-tools.ts has the list), and acted on
 * as IT set it (`kiosk.remoteTools`): `block` refuses check-in and session start while one
 * runs, with a line for staff; `flag` lets the interview go on and records a `remote_tool`
 * event on every running session for as long as the tool runs, with the product and its
 * executable names as the reviewer's evidence; `ignore` does neither (the finding still shows
 * in diagnostics, so staff know).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { events } from '../../db/schema';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
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
  running: () => { sessionId: number; startedAt: number }[];
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
  /** Open `remote_tool` events by session (with its start), then product. */
  private readonly open = new Map<number, { startedAt: number; byProduct: Map<string, number> }>();

  constructor(private readonly parts: RemoteToolWatchParts) {}

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
    const { db, clock } = this.parts;
    const now = clock.now();
    const running = this.parts.policy() === 'ignore' ? [] : this.parts.running();
    const live = new Set(running.map((s) => s.sessionId));
    // A session that ended (or is no longer watched) ends its events at this check.
    for (const [sessionId, open] of this.open) {
      if (live.has(sessionId)) continue;
      this.close(open.byProduct.values(), Math.max(0, Math.round(now - open.startedAt)));
      this.open.delete(sessionId);
    }
    for (const { sessionId, startedAt } of running) {
      const atMs = Math.max(0, Math.round(now - startedAt));
      const open = this.open.get(sessionId) ?? { startedAt, byProduct: new Map<string, number>() };
      this.open.set(sessionId, open);
      const { byProduct } = open;
      for (const finding of this.findings) {
        if (byProduct.has(finding.product)) continue;
        const row = db
          .insert(events)
          .values({
            sessionId,
            type: 'remote_tool',
            startMs: atMs,
            endMs: null,
            severity: 'high',
            details: {
              product: finding.product,
              category: finding.category,
              executables: finding.executables,
            },
          })
          .returning({ id: events.id })
          .get();
        byProduct.set(finding.product, row.id);
      }
      for (const [product, eventId] of byProduct) {
        if (this.findings.some((f) => f.product === product)) continue;
        this.close([eventId], atMs);
        byProduct.delete(product);
      }
    }
  }

  private close(eventIds: Iterable<number>, atMs: number): void {
    for (const eventId of eventIds) {
      this.parts.db
        .update(events)
        .set({ endMs: atMs })
        .where(and(eq(events.id, eventId), isNull(events.endMs)))
        .run();
    }
  }
}
