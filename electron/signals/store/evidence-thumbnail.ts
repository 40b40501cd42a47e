import { spawn } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/open';
import { events, media } from '../../../db/schema';
import type { Evidence, SignalEvent } from '../../../shared/signals';
import { ownerOnlyFile, ownerOnlyFolder } from '../../core/owner-only';
import { SealedFileWriter } from '../../core/sealed-file';
import { ffmpegPath, MediaError } from '../worker/media-decode';

const THUMBNAIL_WIDTH = 320;

/**
 * Encodes one rgb24 frame as a small JPEG with ffmpeg (events are rare; a process each is
 * fine). With `sealWith` (encryption at rest) ffmpeg writes it to a pipe and the station seals
 * it (core/sealed-file.ts): the picture never reaches the disk in the clear.
 */
export function encodeJpeg(
  frame: Evidence,
  file: string,
  width = THUMBNAIL_WIDTH,
  sealWith: Buffer | null = null,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpegPath(),
      [
        ...['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
        ...['-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0'],
        ...['-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '5'],
        ...(sealWith ? ['-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'] : [file]),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const jpeg: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => jpeg.push(chunk));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(new MediaError(`ffmpeg could not start: ${error.message}`)),
    );
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new MediaError(`Could not write ${file}: ${stderr.trim()}`));
        return;
      }
      try {
        if (sealWith) {
          const writer = new SealedFileWriter(file, sealWith);
          writer.write(Buffer.concat(jpeg));
          writer.end();
        }
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.end(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
  });
}

/**
 * Saves an event's evidence frame as a JPEG in the data folder and links it to the event.
 * The path stays inside the data folder and is never handed to the renderer: media are
 * served by id.
 */
export async function saveEvidence(
  db: Db,
  dataDir: string,
  sessionId: number,
  eventId: number,
  event: SignalEvent,
  frame: Evidence,
  /** The files key to seal it with (encryption at rest); null: a plain JPEG. */
  sealWith: Buffer | null = null,
): Promise<number> {
  const relativePath = path.join(
    'media',
    `session-${sessionId}`,
    `evidence-${event.type}-${Math.round(event.startMs)}.jpg`,
  );
  ownerOnlyFolder(path.dirname(path.join(dataDir, relativePath)));
  await encodeJpeg(frame, path.join(dataDir, relativePath), THUMBNAIL_WIDTH, sealWith);
  ownerOnlyFile(path.join(dataDir, relativePath));
  const row = db
    .insert(media)
    .values({
      sessionId,
      kind: 'thumbnail',
      relativePath,
      mimeType: 'image/jpeg',
      startMs: Math.round(event.startMs),
      endMs: Math.round(event.startMs),
    })
    .returning({ id: media.id })
    .get();
  db.update(events).set({ thumbnailMediaId: row.id }).where(eq(events.id, eventId)).run();
  return row.id;
}
