/**
 * Recordings, thumbnails and exports on app://station/, by id only, the way the browser
 * station serves them on its authenticated routes: `media/<id>` with byte ranges so video
 * can seek, `exports/<id>` as a download. Only our own window can load app:// pages, so no
 * per-run secret is needed here; but the candidate's screens are app:// pages too, so every
 * request must carry a signed-in staff member's token (`?s=`). Paths never come from the
 * page (the lookups take ids and refuse anything else).
 */
import { Readable } from 'node:stream';
import type { ExportFile } from '../review/export-files';
import { fileRefusal, type FileAccess } from '../station/media-access';
import { parseRange, type MediaFile } from '../core/media-files';
import { readStoredFile } from '../core/sealed-read';

export const MEDIA_ROUTE = '/media/';
export const EXPORTS_ROUTE = '/exports/';

export interface AppFileLookups {
  /** Who the request's staff token (`?s=`) belongs to; see fileAccess. */
  access(url: URL): FileAccess;
  media(id: string): MediaFile | null;
  exports(id: string): ExportFile | null;
}

const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** A file's content, decrypted when it is sealed (encryption at rest). */
function body(
  found: { file: string; filesKey?: Buffer | null },
  range?: { start: number; end: number },
): ReadableStream {
  return Readable.toWeb(
    readStoredFile(found.file, found.filesKey ?? null, range),
  ) as ReadableStream;
}

/** The response for a media or export URL, or null when the path is neither. */
export function serveAppFile(request: Request, url: URL, lookups: AppFileLookups): Response | null {
  const { pathname } = url;
  if (!pathname.startsWith(MEDIA_ROUTE) && !pathname.startsWith(EXPORTS_ROUTE)) return null;
  // Checked before the id is looked up, so a refusal says nothing about which ids exist.
  const refusal = fileRefusal(lookups.access(url));
  if (refusal) return new Response(null, { status: refusal, headers: COMMON });
  if (pathname.startsWith(MEDIA_ROUTE)) {
    const found = lookups.media(pathname.slice(MEDIA_ROUTE.length));
    return found ? mediaResponse(request, found) : notFound();
  }
  const found = lookups.exports(pathname.slice(EXPORTS_ROUTE.length));
  if (!found) return notFound();
  return new Response(request.method === 'HEAD' ? null : body(found), {
    status: 200,
    headers: {
      ...COMMON,
      'content-type': found.mimeType,
      'content-length': String(found.size),
      'content-disposition': `attachment; filename="${found.fileName}"`,
    },
  });
}

function mediaResponse(request: Request, found: MediaFile): Response {
  const headers = { ...COMMON, 'content-type': found.mimeType, 'accept-ranges': 'bytes' };
  const range = parseRange(request.headers.get('range') ?? undefined, found.size);
  if (range === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${found.size}` },
    });
  }
  const { start, end } = range ?? { start: 0, end: found.size - 1 };
  const length = Math.max(0, end - start + 1);
  return new Response(
    request.method === 'HEAD' || length === 0 ? null : body(found, { start, end }),
    {
      status: range ? 206 : 200,
      headers: {
        ...headers,
        'content-length': String(length),
        ...(range ? { 'content-range': `bytes ${start}-${end}/${found.size}` } : {}),
      },
    },
  );
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...COMMON, 'content-type': 'text/plain; charset=utf-8' },
  });
}
