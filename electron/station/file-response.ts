import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportFile } from '../review/export-files';
import { parseRange, type MediaFile } from '../core/media-files';
import { readStoredFile } from '../core/sealed-read';

/**
 * A stored file a route found by id: where it is on disk, its type, the size of its content,
 * and the key it is decrypted with when it is sealed (encryption at rest).
 */
type FoundFile = Pick<MediaFile, 'file' | 'mimeType' | 'size'> & { filesKey?: Buffer | null };

interface FileResponseOptions {
  /** Honour a `Range: bytes=…` header (206, or 416) and say so; otherwise send it all. */
  ranges: boolean;
  /** The route's own headers, such as a download's Content-Disposition. */
  headers?: Record<string, string>;
}

/**
 * The browser station's one way to send a stored file: GET and HEAD only, 404 when there is
 * none, never cached, never sniffed, and a byte range when the route allows them.
 */
export function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  found: FoundFile | null,
  options: FileResponseOptions,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const headers = {
    'Content-Type': found.mimeType,
    ...(options.ranges ? { 'Accept-Ranges': 'bytes' } : {}),
    ...options.headers,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const range = options.ranges ? parseRange(req.headers.range, found.size) : null;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${found.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: found.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'Content-Length': Math.max(0, end - start + 1),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${found.size}` } : {}),
  });
  if (req.method === 'HEAD' || found.size === 0) {
    res.end();
    return;
  }
  const body = readStoredFile(found.file, found.filesKey ?? null, { start, end });
  // A sealed chunk that fails to decrypt (an altered file) ends the response early.
  body.once('error', () => res.destroy());
  body.pipe(res);
}

/** Streams a media file, honouring a byte range so video can seek; 404 when there is none. */
export function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  found: MediaFile | null,
): void {
  serveFile(req, res, found, { ranges: true });
}

/** Sends an export as a download; 404 when there is none. */
export function serveExport(
  req: IncomingMessage,
  res: ServerResponse,
  found: ExportFile | null,
): void {
  serveFile(req, res, found, {
    ranges: false,
    // The name is ours (safeFileName), so it needs no RFC 5987 encoding.
    headers: found ? { 'Content-Disposition': `attachment; filename="${found.fileName}"` } : {},
  });
}
