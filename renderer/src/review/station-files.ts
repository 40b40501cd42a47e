/**
 * Addresses of files the station serves by id: recordings and thumbnails (`media/<id>`) and
 * exported reports (`exports/<id>`). The browser station wants this run's secret on each
 * request, taken from the page's own URL fragment; paths never come from main.
 */
export function stationFileUrl(kind: 'media' | 'exports', id: number | string): string {
  const secret = new URLSearchParams(window.location.hash.slice(1)).get('k');
  const path = `/${kind}/${encodeURIComponent(String(id))}`;
  return secret ? `${path}?k=${encodeURIComponent(secret)}` : path;
}

/** Offers text made in the page (the CSV export) as a download link's address. */
export function textDownloadUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}
