/**
 * A sealed file (sealed-file.ts) as ffmpeg and ffprobe can read it: a loopback HTTP address
 * serving its plaintext with byte ranges, so they seek as in a plain file (cutting a clip at
 * minute 50 reads from minute 50, not from the start) and nothing decrypted touches the disk.
 *
 * One small server per view, on 127.0.0.1 only, answering one random path (the address is an
 * unguessable capability; it is on the ffmpeg command line for as long as the view is open,
 * so views are opened for one job and closed after it). A plain file needs no view: its own
 * path is the input.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRange } from './media-files';
import { isSealedFile, sealedPlainSize } from './sealed-file';
import { readStoredFile } from './sealed-read';

export interface PlainView {
  /** What to give ffmpeg as its input: the file itself, or the view's address. */
  readonly input: string;
  close(): Promise<void>;
}

/** Opens a view of `file`; a plain file is its own view. */
export async function openPlainView(file: string, filesKey: Buffer | null): Promise<PlainView> {
  // A missing file is its own input too: the reader says it is missing, as without a view.
  if (!existsSync(file) || !isSealedFile(file)) {
    return { input: file, close: () => Promise.resolve() };
  }
  if (!filesKey) throw new Error('a sealed file cannot be read without the station key');
  const key = filesKey;
  const token = randomBytes(24).toString('hex');
  const server: Server = createServer((req, res) => {
    if (req.url !== `/${token}` || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    // Read per request: a recording still being written grows between ffprobe's looks.
    const size = sealedPlainSize(file, key);
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      'Content-Length': Math.max(0, end - start + 1),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    const body = readStoredFile(file, key, { start, end });
    body.once('error', () => res.destroy());
    // ffmpeg closes a connection mid-body when it seeks elsewhere.
    res.once('close', () => body.destroy());
    body.pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    input: `http://127.0.0.1:${port}/${token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `use` with an ffmpeg input for `file`, closing the view after it. */
export async function withPlainView<T>(
  file: string,
  filesKey: Buffer | null,
  use: (input: string) => Promise<T>,
): Promise<T> {
  const view = await openPlainView(file, filesKey);
  try {
    return await use(view.input);
  } finally {
    await view.close();
  }
}
