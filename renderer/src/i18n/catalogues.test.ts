import { describe, expect, it } from 'vitest';
import ar from './ar.json';
import en from './en.json';
import es from './es.json';

type Catalogue = { [key: string]: string | Catalogue };

/** Every leaf key, dotted, with the {{placeholders}} its text uses. */
export function placeholdersByKey(catalogue: Catalogue, prefix = ''): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const names = [...value.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '');
      found.set(path, names.sort());
    } else {
      for (const [inner, names] of placeholdersByKey(value, path)) found.set(inner, names);
    }
  }
  return found;
}

const english = placeholdersByKey(en);

describe.each([
  ['es', es],
  ['ar', ar],
])('the %s catalogue', (_name, catalogue) => {
  const other = placeholdersByKey(catalogue);
  it('has exactly the English keys, with the same placeholders', () => {
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, names] of english) expect(other.get(key), key).toEqual(names);
  });
});

describe('placeholdersByKey', () => {
  it('sees a placeholder a translation dropped', () => {
    const a = placeholdersByKey({ x: { y: 'Hello, {{name}}' } });
    const b = placeholdersByKey({ x: { y: 'Hola' } });
    expect(a.get('x.y')).toEqual(['name']);
    expect(b.get('x.y')).toEqual([]);
  });
});
