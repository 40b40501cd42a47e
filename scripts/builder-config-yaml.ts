/**
 * Reading electron-builder.yml in its tests. No YAML parser is installed, and the file keeps to
 * plain block style (top-level keys, indented mappings and `- item` lists, `[a, b]` lists on one
 * line), so this reads exactly that and throws on anything else rather than guess.
 */

/**
 * The lines of a top-level block (`key:` at column 0, then its indented lines), comments and
 * blank lines left out.
 */
export function topLevelBlock(yaml: string, key: string): string[] | null {
  const lines = yaml.split(/\r?\n/);
  const starts = lines.flatMap((line, index) =>
    new RegExp(`^${key}\\s*:(.*)$`).test(line) ? [index] : [],
  );
  if (starts.length > 1) throw new Error(`${key} appears ${starts.length} times`);
  const start = starts[0];
  if (start === undefined) return null;
  const rest = (lines[start] ?? '').slice(key.length).replace(/^\s*:/, '').trim();
  if (rest && !rest.startsWith('#')) throw new Error(`${key} is not a block (found "${rest}")`);
  return indentedAfter(lines, start);
}

/** The lines indented deeper than line `start`, up to the next line that is not. */
function indentedAfter(lines: string[], start: number): string[] {
  const depth = indentOf(lines[start] ?? '');
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (indentOf(line) <= depth) break;
    block.push(line.replace(/\s+#.*$/, ''));
  }
  return block;
}

const indentOf = (line: string) => /^\s*/.exec(line)?.[0].length ?? 0;

/** A block of `  name: scalar` lines, one level deep. */
export function mapping(block: string[]): Map<string, string> {
  const entries = new Map<string, string>();
  const indent = /^\s*/.exec(block[0] ?? '')?.[0] ?? '';
  for (const line of block) {
    const match = /^(\s+)([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match || match[1] !== indent || !match[3]) throw new Error(`unexpected line "${line}"`);
    if (entries.has(match[2] ?? '')) throw new Error(`${match[2]} is set twice`);
    entries.set(match[2] ?? '', match[3].trim());
  }
  return entries;
}

/**
 * The scalar entries of a mapping block whose entries may hold blocks of their own (`mac:` with
 * `extendInfo:` inside): the nested blocks are left to nestedBlock.
 */
export function scalars(block: string[]): Map<string, string> {
  const depth = indentOf(block[0] ?? '');
  const own = block.filter((line) => indentOf(line) === depth && !/:\s*$/.test(line));
  return own.length ? mapping(own) : new Map();
}

/** The block under `key:` inside a block (one level deeper), or null without one. */
export function nestedBlock(block: string[], key: string): string[] | null {
  const depth = indentOf(block[0] ?? '');
  const start = block.findIndex(
    (line) => indentOf(line) === depth && new RegExp(`^\\s+${key}\\s*:\\s*$`).test(line),
  );
  return start === -1 ? null : indentedAfter(block, start);
}

/** A block of `  - item` lines; quotes around an item are dropped. */
export function sequence(block: string[]): string[] {
  return block.map((line) => {
    const match = /^\s+-\s+(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected line "${line}"`);
    return unquote(match[1] ?? '');
  });
}

/** A one-line list, `[a, b]`, or one plain item. */
export function flowList(value: string): string[] {
  const inner = /^\[(.*)\]$/.exec(value.trim());
  if (!inner) return [unquote(value)];
  return (inner[1] ?? '')
    .split(',')
    .map((item) => unquote(item))
    .filter(Boolean);
}

const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2');

/** YAML 1.2's booleans, as electron-builder reads them; a quoted "false" is a string (null). */
export function yamlBoolean(value: string | undefined): boolean | null {
  if (value === undefined) return null;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  return null;
}

/**
 * The keys a plist's top-level dict sets to true. Reads just Apple's XML plist form as Xcode
 * and electron-builder write it: `<key>name</key>` followed by `<true/>` or another value.
 */
export function plistTrueKeys(xml: string): string[] {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  const dict = /<plist[^>]*>\s*<dict>([\s\S]*)<\/dict>\s*<\/plist>/.exec(body);
  if (!dict) throw new Error('not an XML plist with one top-level dict');
  const keys: string[] = [];
  const entry = /<key>([^<]+)<\/key>\s*(<true\s*\/>|<false\s*\/>|<(\w+)>[\s\S]*?<\/\3>)/g;
  for (const match of (dict[1] ?? '').matchAll(entry)) {
    if (/^<true/.test(match[2] ?? '')) keys.push(match[1] ?? '');
  }
  return keys;
}
