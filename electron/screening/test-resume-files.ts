/**
 * Test helper: real résumé files, made the way real ones are — a PDF printed by headless
 * Chromium, a scan-like PDF printed from a page holding only a picture of text (rendered by
 * ffmpeg), a Word file assembled from its XML parts into a zip, and a Word zip bomb.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ZipFile } from 'yazl';
import { chromiumPdfPrinter } from '../review/pdf-printer';

const run = promisify(execFile);
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

async function printHtml(html: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'resume-pdf-'));
  try {
    writeFileSync(path.join(dir, 'page.html'), html);
    await chromiumPdfPrinter().print(path.join(dir, 'page.html'), path.join(dir, 'out.pdf'));
    return readFileSync(path.join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A text PDF printed by Chromium: one page per paragraph given; with `photo`, a picture of
 * noise on the first page (it does not compress) to make the file over a megabyte.
 */
export async function printedPdf(pages: string[], opts: { photo?: boolean } = {}): Promise<Buffer> {
  const body = pages
    .map((p, i) => `<p style="${i > 0 ? 'break-before: page;' : ''}">${p}</p>`)
    .join('');
  const photo = opts.photo
    ? `<img style="width:50%" src="data:image/png;base64,${await noisePng()}">`
    : '';
  return printHtml(`<!doctype html><meta charset="utf-8"><body>${photo}${body}</body>`);
}

async function noisePng(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'resume-noise-'));
  try {
    const png = path.join(dir, 'noise.png');
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'nullsrc=s=800x600,geq=random(1)*255:random(2)*255:random(3)*255',
      '-frames:v',
      '1',
      png,
    ]);
    return readFileSync(png).toString('base64');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF whose only page is a picture of `text`: what a scanner makes. */
export async function scannedPdf(text: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'resume-scan-'));
  try {
    const png = path.join(dir, 'scan.png');
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=white:s=1200x400',
      '-frames:v',
      '1',
      '-vf',
      `drawtext=fontfile=${FONT}:text='${text}':fontsize=48:x=40:y=160:fontcolor=black`,
      png,
    ]);
    const data = readFileSync(png).toString('base64');
    return await printHtml(
      `<!doctype html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${data}"></body>`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function zip(parts: [name: string, content: Buffer | string][]): Promise<Buffer> {
  const file = new ZipFile();
  for (const [name, content] of parts) {
    file.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  }
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

function documentXml(paragraphs: string[], padding = ''): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}${padding}</w:body></w:document>`;
}

/** A Word file of the given paragraphs, assembled from its XML parts. */
export function wordFile(paragraphs: string[]): Promise<Buffer> {
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', RELS],
    ['word/document.xml', documentXml(paragraphs)],
  ]);
}

/** A Word file whose document part inflates to `megabytes` of nothing (deflates ~1000:1). */
export function wordZipBomb(megabytes: number): Promise<Buffer> {
  const padding = Buffer.alloc(megabytes * 1024 * 1024, ' ');
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', RELS],
    ['word/document.xml', Buffer.concat([Buffer.from(documentXml(['Bomb'])), padding])],
  ]);
}

/**
 * The same zip with every entry's uncompressed size in the central directory rewritten to
 * `claimed`: a bomb that lies about its sizes, to get past the check of declared sizes.
 */
export function withLyingSizes(zipFile: Buffer, claimed: number): Buffer {
  const out = Buffer.from(zipFile);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = out.readUInt32LE(eocd + 16);
  for (let n = out.readUInt16LE(eocd + 10); n > 0; n--) {
    out.writeUInt32LE(claimed, at + 24);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
