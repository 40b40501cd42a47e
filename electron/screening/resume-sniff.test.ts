import { describe, expect, it } from 'vitest';
import {
  DAMAGED,
  NOT_A_RESUME,
  sniffResume,
  TOO_BIG_INFLATED,
  zipBombRefusal,
  zipEntries,
} from './resume-sniff';
import { wordFile, wordZipBomb } from './test-resume-files';

describe('sniffResume', () => {
  it('knows a PDF by its header, whatever the rest holds', () => {
    expect(sniffResume(Buffer.from('%PDF-1.4\n...'))).toEqual({ format: 'pdf' });
    expect(sniffResume(Buffer.from(' %PDF-1.4'))).toEqual({ refused: NOT_A_RESUME });
  });

  it('knows a Word file by its document part, not by being a zip', async () => {
    expect(sniffResume(await wordFile(['Hello']))).toEqual({ format: 'docx' });
    const docx = await wordFile(['Hello']);
    // The same zip with its document part renamed is some other zip.
    const renamed = Buffer.from(
      docx.toString('latin1').replaceAll('word/document.xml', 'word/documenX.xml'),
      'latin1',
    );
    expect(sniffResume(renamed)).toEqual({ refused: NOT_A_RESUME });
  });

  it('calls a zip cut short damaged (its central directory is at the end)', async () => {
    const docx = await wordFile(['Hello']);
    expect(sniffResume(docx.subarray(0, docx.length - 30))).toEqual({ refused: DAMAGED });
  });

  it('refuses text, images and empty input', () => {
    expect(sniffResume(Buffer.alloc(0))).toEqual({ refused: NOT_A_RESUME });
    expect(sniffResume(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toEqual({ refused: NOT_A_RESUME });
  });

  it('reads the declared sizes of a zip bomb without inflating it', async () => {
    const bomb = await wordZipBomb(60);
    const entries = zipEntries(bomb) ?? [];
    const doc = entries.find((e) => e.name === 'word/document.xml');
    expect(doc?.uncompressed).toBeGreaterThan(60 * 1024 * 1024);
    expect(sniffResume(bomb)).toEqual({ refused: TOO_BIG_INFLATED });
  });
});

describe('zipBombRefusal', () => {
  const entry = (compressed: number, uncompressed: number) => ({
    name: 'x',
    compressed,
    uncompressed,
  });
  it('passes a résumé, refuses a total past 50 MB or a ratio past 100', () => {
    expect(zipBombRefusal([entry(200_000, 900_000)])).toBeNull();
    expect(zipBombRefusal([entry(40_000_000, 30_000_000), entry(10_000_000, 30_000_000)])).toBe(
      TOO_BIG_INFLATED,
    );
    expect(zipBombRefusal([entry(20_000, 3_000_000)])).toBe(TOO_BIG_INFLATED);
    // Small parts that compress well are no bomb.
    expect(zipBombRefusal([entry(100, 200_000)])).toBeNull();
    expect(zipBombRefusal([entry(0xffffffff, 1)])).toBe(TOO_BIG_INFLATED);
  });
});
