import { currentStaffToken } from '../staff/staff-store';

/**
 * Addresses of files the station serves by id: recordings and thumbnails (`media/<id>`) and
 * exported reports (`exports/<id>`). Every request carries the signed-in staff member's token
 * (`s`), since these are staff data and the candidate's page may not have them; the browser
 * station also wants this run's secret (`k`), taken from the page's own URL fragment. Paths
 * never come from main.
 */
export function stationFileUrl(kind: 'media' | 'exports', id: number | string): string {
  const params = new URLSearchParams();
  const secret = new URLSearchParams(window.location.hash.slice(1)).get('k');
  if (secret) params.set('k', secret);
  const staffToken = currentStaffToken();
  if (staffToken) params.set('s', staffToken);
  const path = `/${kind}/${encodeURIComponent(String(id))}`;
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Offers text made in the page (the CSV export) as a download link's address. */
export function textDownloadUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}
