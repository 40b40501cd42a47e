import { describe, expect, it } from 'vitest';
import { EntryTickets, ENTRY_TICKET_TTL_MS } from './entry-tickets';

describe('EntryTickets', () => {
  const clockAt = (start: number) => {
    const clock = { at: start, now: () => clock.at };
    return clock;
  };

  it('accepts a ticket once, then reports it as used', () => {
    const tickets = new EntryTickets(clockAt(0));
    const ticket = tickets.issue();
    expect(tickets.redeem(ticket)).toBe('accepted');
    expect(tickets.redeem(ticket)).toBe('used');
    expect(tickets.redeem(ticket)).toBe('used');
  });

  it('knows nothing of tickets it never issued', () => {
    const tickets = new EntryTickets(clockAt(0));
    tickets.issue();
    expect(tickets.redeem('')).toBe('unknown');
    expect(tickets.redeem('x'.repeat(43))).toBe('unknown');
  });

  it('lets a ticket expire unused, and forgets expired ones when issuing', () => {
    const clock = clockAt(1_000);
    const tickets = new EntryTickets(clock);
    const late = tickets.issue();
    const forgotten = tickets.issue();
    clock.at += ENTRY_TICKET_TTL_MS + 1;
    expect(tickets.redeem(late)).toBe('expired');
    tickets.issue();
    expect(tickets.redeem(forgotten)).toBe('unknown');
    const fresh = tickets.issue();
    clock.at += ENTRY_TICKET_TTL_MS;
    expect(tickets.redeem(fresh)).toBe('accepted');
  });
});
