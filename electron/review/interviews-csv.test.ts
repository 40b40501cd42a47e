import { describe, expect, it } from 'vitest';
import { csvField, interviewsCsvName } from './interviews-csv';

/** How a spreadsheet splits one CSV line on a separator, honouring quotes (RFC 4180). */
function cells(line: string, separator: ',' | ';'): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      out.push(field);
      field = '';
    } else field += c;
  }
  return [...out, field];
}

describe('csvField', () => {
  it('keeps a field with a semicolon whole in a ;-separated (Excel locale) reading', () => {
    const name = 'Dupont; Jean';
    const line = [csvField(1), csvField(name), csvField('Analyst')].join(',');
    expect(csvField(name)).toBe('"Dupont; Jean"');
    expect(cells(line, ',')).toEqual(['1', name, 'Analyst']);
    // A spreadsheet splitting on ';' finds no separator outside quotes: the name is not cut.
    expect(cells(line, ';')).toHaveLength(1);
    // And a ;-separated line of such fields reads back field for field.
    expect(cells([csvField(name), csvField('a;b')].join(';'), ';')).toEqual([name, 'a;b']);
  });

  it('turns a leading formula character, tab or carriage return into text', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const field = csvField(`${lead}HYPERLINK("http://x")`);
      const [cell = ''] = cells(field, ',');
      expect(cell.startsWith(`'${lead}`), JSON.stringify(lead)).toBe(true);
    }
    expect(csvField('=1;2')).toBe(`"'=1;2"`);
  });

  it('leaves plain text and numbers as they are', () => {
    expect(csvField('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
  });
});

describe('interviewsCsvName', () => {
  const now = Date.UTC(2026, 11, 2, 9, 30);
  it('names a file of every interview by its day only', () => {
    expect(interviewsCsvName(now, {})).toBe('interviews-2026-12-02.csv');
    expect(interviewsCsvName(now, { search: '  ' })).toBe('interviews-2026-12-02.csv');
  });

  it('says "filtered" when a search, state or job left interviews out', () => {
    for (const filter of [{ search: 'ada' }, { state: 'decided' as const }, { jobId: 3 }]) {
      expect(interviewsCsvName(now, filter)).toBe('interviews-2026-12-02-filtered.csv');
    }
  });
});
