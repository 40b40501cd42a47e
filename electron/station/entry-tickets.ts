import { systemClock, type Clock } from '../core/clock';
import { newToken } from '../core/secrets';

/** How long an unused entry address works. */
export const ENTRY_TICKET_TTL_MS = 10 * 60 * 1000;

export type TicketOutcome = 'accepted' | 'used' | 'expired' | 'unknown';

/**
 * One-time tickets for the address that opens the browser station. A command line is readable
 * by every local user (`ps`, /proc/<pid>/cmdline) and a printed line ends up in terminals and
 * journals, so neither carries the run's secret: they carry a ticket that the station swaps
 * for the secret once (a redirect to `/#k=<secret>`), after which it opens nothing. A ticket
 * seen a second time is reported, so a stolen one is noticed rather than silent.
 */
export class EntryTickets {
  private readonly open = new Map<string, number>();
  private readonly spent = new Set<string>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly ttlMs: number = ENTRY_TICKET_TTL_MS,
  ) {}

  issue(): string {
    this.forgetExpired();
    const ticket = newToken();
    this.open.set(ticket, this.clock.now() + this.ttlMs);
    return ticket;
  }

  redeem(ticket: string): TicketOutcome {
    const expiresAt = this.open.get(ticket);
    if (expiresAt === undefined) return this.spent.has(ticket) ? 'used' : 'unknown';
    this.open.delete(ticket);
    this.spent.add(ticket);
    return expiresAt < this.clock.now() ? 'expired' : 'accepted';
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [ticket, expiresAt] of this.open) {
      if (expiresAt < now) this.open.delete(ticket);
    }
  }
}
