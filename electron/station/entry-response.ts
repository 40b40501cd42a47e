import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntryTickets, TicketOutcome } from './entry-tickets';

const REFUSALS: Record<Exclude<TicketOutcome, 'accepted'>, string> = {
  used:
    'This station address has already been opened once and cannot be opened again. ' +
    'Restart the station, or open the new address it prints.',
  expired:
    'This station address has expired (it works for 10 minutes). ' +
    'Open the new address the station prints, or restart it.',
  unknown: 'This is not an address this station gave out. Open the address the station prints.',
};

/**
 * `GET /enter?t=<ticket>`: a ticket the station issued and nobody used sends the browser, once,
 * to the page with the run's secret in the fragment (which browsers keep across a redirect and
 * never send to a server). Anything else gets a plain page saying what to do, and a ticket
 * presented twice is logged: someone may have read it from Chromium's command line.
 */
export function enter(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ownHosts: string[],
  tickets: EntryTickets,
  secret: string,
  log: (line: string) => void,
): void {
  if (!ownHosts.includes(req.headers.host ?? '')) {
    res.writeHead(421).end();
    return;
  }
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET' }).end();
    return;
  }
  const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
  const outcome = tickets.redeem(url.searchParams.get('t') ?? '');
  if (outcome === 'accepted') {
    res.writeHead(303, { ...headers, Location: `/#k=${secret}` }).end();
    return;
  }
  if (outcome === 'used') {
    log(
      'An entry address of this station was opened a second time and refused: another user ' +
        'of this machine may have copied it from the kiosk browser’s command line.',
    );
  }
  res
    .writeHead(403, {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'",
    })
    .end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Interview Station</title>` +
        `<main><h1>Interview Station</h1><p>${REFUSALS[outcome]}</p></main></html>`,
    );
}
