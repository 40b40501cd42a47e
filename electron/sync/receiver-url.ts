/**
 * The receiver's address as an admin or IT gives it: https, or http only to this machine (a
 * receiver on the station itself, or a test), since what a station sends must not cross a
 * network in clear. Errors say what to change.
 */
import { StationError } from '../core/errors';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function checkReceiverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new StationError('BAD_REQUEST', 'The receiver address is not a web address.');
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new StationError(
      'BAD_REQUEST',
      'The receiver must be reached over https (TLS). Plain http is allowed only to this machine (localhost).',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StationError('BAD_REQUEST', 'The receiver address must start with https://.');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new StationError(
      'BAD_REQUEST',
      'The receiver address must not carry a user name, password, query or fragment.',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
