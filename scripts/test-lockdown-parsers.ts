/**
 * Small readers for the lockdown files, for scripts/lockdown-scripts.test.ts: no XML parser,
 * plutil or PowerShell is installed on the build machine, so each is read as strictly as the
 * files need and throws on anything else rather than guess.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses well-formed XML: the declaration, a DOCTYPE without an internal subset, comments,
 * processing instructions, elements, attributes, text, the five named entities, character
 * references and CDATA. Throws with the line on a mismatched or unclosed tag, a bare `&` or `<`,
 * a repeated attribute, or anything after the root element.
 */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML (line ${text.slice(0, at).split('\n').length}): ${what}`);
  };
  const startsWith = (prefix: string) => text.startsWith(prefix, at);
  const skipPast = (end: string, what: string): string => {
    const found = text.indexOf(end, at);
    if (found < 0) fail(`unclosed ${what}`);
    const body = text.slice(at, found);
    at = found + end.length;
    return body;
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text.charAt(at))) at += 1;
  };
  const readName = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(text);
    if (!match) return fail('a name expected');
    at += match[0].length;
    return match[0];
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('a bare "<"');
    let out = '';
    let from = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
      const ref = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/.exec(raw.slice(amp));
      if (!ref?.[1]) return fail('a bare "&"');
      const name = ref[1];
      const char = name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : ENTITIES[name];
      if (char === undefined) fail(`unknown entity &${name};`);
      out += raw.slice(from, amp) + char;
      from = amp + ref[0].length;
    }
    return out + raw.slice(from);
  };
  const skipComment = () => {
    at += 4;
    if (skipPast('-->', 'comment').includes('--')) fail('"--" inside a comment');
  };
  const skipMisc = (beforeRoot: boolean) => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) skipComment();
      else if (startsWith('<?')) skipPast('?>', 'processing instruction');
      else if (beforeRoot && startsWith('<!DOCTYPE')) {
        const body = skipPast('>', 'DOCTYPE');
        if (body.includes('[')) fail('an internal DTD subset (not read here)');
      } else return;
    }
  };
  const parseElement = (): XmlElement => {
    if (!startsWith('<')) fail('an element expected');
    at += 1;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = at;
      skipSpace();
      if (startsWith('/>')) {
        at += 2;
        return { name, attributes, children: [] };
      }
      if (startsWith('>')) {
        at += 1;
        break;
      }
      if (at === before) fail(`a space or ">" expected in <${name}>`);
      const attribute = readName();
      skipSpace();
      if (!startsWith('=')) fail(`"=" expected after ${attribute}`);
      at += 1;
      skipSpace();
      const quote = text.charAt(at);
      if (quote !== '"' && quote !== "'") fail(`a quoted value expected for ${attribute}`);
      at += 1;
      const value = decode(skipPast(quote, `value of ${attribute}`));
      if (attribute in attributes) fail(`${attribute} given twice in <${name}>`);
      attributes[attribute] = value;
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (at >= text.length) fail(`<${name}> is never closed`);
      if (startsWith('</')) {
        at += 2;
        const closing = readName();
        skipSpace();
        if (!startsWith('>')) fail(`">" expected after </${closing}`);
        at += 1;
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        return { name, attributes, children };
      }
      if (startsWith('<!--')) skipComment();
      else if (startsWith('<![CDATA[')) {
        at += 9;
        children.push(skipPast(']]>', 'CDATA section'));
      } else if (startsWith('<?')) skipPast('?>', 'processing instruction');
      else if (startsWith('<')) children.push(parseElement());
      else {
        const next = text.indexOf('<', at);
        const raw = text.slice(at, next < 0 ? text.length : next);
        at += raw.length;
        children.push(decode(raw));
      }
    }
  };

  skipMisc(true);
  const root = parseElement();
  skipMisc(false);
  if (at < text.length) fail('content after the root element');
  return root;
}

/** The element children, with any text between them required to be white space. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children
    .map((child) => {
      if (typeof child !== 'string') return child;
      if (child.trim() !== '') throw new Error(`text "${child.trim()}" inside <${element.name}>`);
      return null;
    })
    .filter((child): child is XmlElement => child !== null);
}

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

function textOf(element: XmlElement): string {
  return element.children
    .map((child) => {
      if (typeof child !== 'string') throw new Error(`<${child.name}> inside <${element.name}>`);
      return child;
    })
    .join('');
}

function plistValue(element: XmlElement): PlistValue {
  switch (element.name) {
    case 'string':
    case 'date':
    case 'data':
      return textOf(element);
    case 'integer': {
      const value = textOf(element).trim();
      if (!/^-?\d+$/.test(value)) throw new Error(`<integer> holds "${value}"`);
      return Number(value);
    }
    case 'real': {
      const value = Number(textOf(element).trim());
      if (Number.isNaN(value)) throw new Error('<real> holds no number');
      return value;
    }
    case 'true':
    case 'false':
      if (element.children.length > 0) throw new Error(`<${element.name}/> must be empty`);
      return element.name === 'true';
    case 'array':
      return childElements(element).map(plistValue);
    case 'dict': {
      const entries = childElements(element);
      const dict: Record<string, PlistValue> = {};
      for (let index = 0; index < entries.length; index += 2) {
        const key = entries[index];
        const value = entries[index + 1];
        if (key?.name !== 'key') throw new Error(`<${key?.name}> where a <key> belongs`);
        if (!value) throw new Error(`the key "${textOf(key)}" has no value`);
        const name = textOf(key);
        if (name in dict) throw new Error(`the key "${name}" appears twice`);
        dict[name] = plistValue(value);
      }
      return dict;
    }
    default:
      throw new Error(`<${element.name}> is no property-list type`);
  }
}

/** Parses an XML property list (`.plist`, `.mobileconfig`) into plain values. */
export function parsePlist(source: string): PlistValue {
  const root = parseXml(source);
  if (root.name !== 'plist') throw new Error(`the root is <${root.name}>, not <plist>`);
  const [value, ...more] = childElements(root);
  if (!value || more.length > 0) throw new Error('a <plist> holds exactly one value');
  return plistValue(value);
}

/**
 * Checks that PowerShell's (), [] and {} nest and match, outside comments (`#`, `<# #>`) and
 * strings ('…' with '' inside, "…" with backtick escapes, and @'…'@ / @"…"@ here-strings).
 * Returns the first problem, or null. A cheap guard against a lost brace, nothing more.
 */
export function powershellBracketProblem(source: string): string | null {
  const closers: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const open: { char: string; line: number }[] = [];
  let line = 1;
  const skipTo = (from: number, end: string): number => {
    const found = source.indexOf(end, from);
    const stop = found < 0 ? source.length : found + end.length;
    line += (source.slice(from, stop).match(/\n/g) ?? []).length;
    return stop;
  };
  for (let at = 0; at < source.length;) {
    const char = source.charAt(at);
    const pair = source.slice(at, at + 2);
    if (char === '\n') {
      line += 1;
      at += 1;
    } else if (pair === '<#') at = skipTo(at + 2, '#>');
    else if (char === '#') {
      const end = source.indexOf('\n', at);
      at = end < 0 ? source.length : end;
    } else if (pair === "@'" || pair === '@"') at = skipTo(at + 2, `\n${pair.charAt(1)}@`);
    else if (char === "'") {
      let end = at + 1;
      for (;;) {
        end = source.indexOf("'", end);
        if (end < 0) return `a string opened on line ${line} never closes`;
        if (source.charAt(end + 1) !== "'") break;
        end += 2;
      }
      line += (source.slice(at, end).match(/\n/g) ?? []).length;
      at = end + 1;
    } else if (char === '"') {
      let end = at + 1;
      while (end < source.length && source.charAt(end) !== '"') {
        end += source.charAt(end) === '`' ? 2 : 1;
      }
      if (end >= source.length) return `a string opened on line ${line} never closes`;
      line += (source.slice(at, end).match(/\n/g) ?? []).length;
      at = end + 1;
    } else if (char === '`') at += 2;
    else if (char in closers) {
      open.push({ char, line });
      at += 1;
    } else if (char === ')' || char === ']' || char === '}') {
      const last = open.pop();
      if (!last || closers[last.char] !== char) {
        return `"${char}" on line ${line} closes ${last ? `"${last.char}" from line ${last.line}` : 'nothing'}`;
      }
      at += 1;
    } else at += 1;
  }
  const unclosed = open.pop();
  return unclosed ? `"${unclosed.char}" from line ${unclosed.line} is never closed` : null;
}
