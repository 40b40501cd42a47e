import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRange, type MediaFile } from './media-files';

/** Streams a media file, honouring a byte range so video can seek; 404 when there is none. */
export function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  found: MediaFile | null,
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
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const range = parseRange(req.headers.range, found.size);
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
  createReadStream(found.file, { start, end }).pipe(res);
}
