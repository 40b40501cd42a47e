/** Turns ffmpeg's output pipes back into frames: fixed-size raw frames and whole JPEGs. */

/** Cuts a raw video byte stream into frames of `frameBytes` each. */
export class FrameAssembler {
  private frame: Buffer;
  private filled = 0;

  constructor(
    private readonly frameBytes: number,
    private readonly onFrame: (frame: Buffer) => void,
  ) {
    this.frame = Buffer.allocUnsafe(frameBytes);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      chunk.copy(this.frame, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        // Handed over, not reused: a consumer may keep a frame while the next one fills.
        const done = this.frame;
        this.frame = Buffer.allocUnsafe(this.frameBytes);
        this.filled = 0;
        this.onFrame(done);
      }
    }
  }
}

const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/**
 * Splits an MJPEG stream (JPEGs back to back) into JPEGs. It walks the marker segments
 * rather than searching for FF D9, because a table inside a header may hold those bytes;
 * only in the entropy-coded data is 0xFF always escaped.
 */
export class JpegSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onJpeg: (jpeg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const start = findSoi(this.pending, 0);
      if (start === -1) {
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        this.pending = this.pending.subarray(Math.max(0, this.pending.length - 1));
        return;
      }
      const end = jpegEnd(this.pending, start);
      if (end === 'incomplete') {
        this.pending = this.pending.subarray(start);
        return;
      }
      if (end === 'corrupt') {
        // Resynchronise on the next SOI rather than stall on a broken picture.
        this.pending = this.pending.subarray(start + 2);
        continue;
      }
      this.onJpeg(Buffer.from(this.pending.subarray(start, end)));
      this.pending = this.pending.subarray(end);
    }
  }
}

function findSoi(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(MARKER, from); i !== -1; i = buf.indexOf(MARKER, i + 1)) {
    if (buf[i + 1] === SOI) return i;
  }
  return -1;
}

/** Index just past the EOI of the JPEG starting at `start`. */
function jpegEnd(buf: Buffer, start: number): number | 'incomplete' | 'corrupt' {
  let i = start + 2;
  for (;;) {
    if (i + 2 > buf.length) return 'incomplete';
    if (buf[i] !== MARKER) return 'corrupt';
    const marker = buf[i + 1] ?? 0;
    if (marker === MARKER) {
      i += 1; // fill byte before a marker
      continue;
    }
    if (marker === EOI) return i + 2;
    if (marker === SOI) return 'corrupt';
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (i + 4 > buf.length) return 'incomplete';
    const segmentEnd = i + 2 + buf.readUInt16BE(i + 2);
    if (marker !== SOS) {
      i = segmentEnd;
      continue;
    }
    const next = nextMarkerAfterScan(buf, segmentEnd);
    if (next === -1) return 'incomplete';
    i = next;
  }
}

/** In entropy-coded data, the first 0xFF not followed by 00 (stuffing) or D0–D7 (restart). */
function nextMarkerAfterScan(buf: Buffer, from: number): number {
  for (let j = buf.indexOf(MARKER, from); j !== -1; j = buf.indexOf(MARKER, j + 1)) {
    const after = buf[j + 1];
    if (after === undefined) return -1;
    if (after === 0x00 || (after >= 0xd0 && after <= 0xd7) || after === MARKER) continue;
    return j;
  }
  return -1;
}
