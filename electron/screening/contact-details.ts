/**
 * A résumé's text with who the candidate is and how to reach them taken out, before any of it
 * goes to an AI service: their name (as the station has it, and the name line a résumé opens
 * with), e-mail addresses, phone numbers, web and profile links, postal addresses and the
 * personal lines résumés carry (date of birth, nationality, marital status). What is left is
 * what they did and know, which is all a summary of fit needs. Each kind leaves a marker
 * ("[email]") so the text still reads, and `removed` counts them for the audit line.
 */

export interface KnownIdentity {
  fullName?: string | null;
  email?: string | null;
}

export interface StrippedText {
  text: string;
  /** How many of each kind were taken out. */
  removed: Record<ContactKind, number>;
}

export type ContactKind = 'name' | 'email' | 'phone' | 'link' | 'address' | 'personal';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Links: with a scheme, with www., or a bare profile host (linkedin.com/in/…, github.com/…).
const LINK =
  /\b(?:https?:\/\/|www\.)[^\s<>()]+|\b(?:[a-z0-9-]+\.)*(?:linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|facebook\.com|instagram\.com|medium\.com|behance\.net|dribbble\.com|stackoverflow\.com)\/[^\s<>()]*/giu;
// A phone number: an optional +country code, then groups of digits with spaces, dots, dashes
// or brackets between them, seven digits or more in all. Year ranges ("2016 – 2019") have
// fewer digits per run or a dash with spaces and are left alone by the digit count below.
const PHONE_CANDIDATE = /(?:\+|\b00)?\(?\d[\d\s().-]{5,}\d\b/g;
// Lines that are about the person, not their work.
// A personal line needs a colon or a spaced dash after its word ("GitHub: …", "Age - 34") or, for a birth
// date, a number: "GitHub Actions pipelines" under Skills is a skill, not a profile.
const PERSONAL_LINE =
  /^\s*(?:date of birth|d\.?o\.?b\.?|born|birthday|age|nationality|citizenship|marital status|gender|sex|religion|passport|national id|social security|ssn|address|home address|phone|tel(?:ephone)?|mobile|cell|e-?mail|linkedin|github|website|portfolio)(?:\s*:|\s+[-–|]\s).*$/gimu;
const BIRTH_LINE = /^\s*(?:date of birth|d\.?o\.?b\.?|born|birthday)\b[^\n]*\d[^\n]*$/gimu;
// A street address: a house number then words ending in a street type, or a postcode form.
const STREET =
  /\b\d{1,5}[a-z]?,?\s+(?:[\p{L}'.-]+\s+){0,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|square|sq|terrace|close|crescent|highway|hwy|calle|avenida|rue|strasse|straße|via)\b\.?/giu;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/g;
const US_STATE_ZIP = /\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b/g;

const MARKER: Record<ContactKind, string> = {
  name: '[name]',
  email: '[email]',
  phone: '[phone]',
  link: '[link]',
  address: '[address]',
  personal: '[personal details]',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unmarked = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
/** Accents dropped character by character, so indices in the result are the original's. */
const fold = (s: string) =>
  s.replace(/./gsu, (c) => {
    const f = unmarked(c);
    return f.length === c.length ? f : c;
  });

/** The parts of a name worth matching alone: two letters or more ("Li" yes, "J." no). */
function nameParts(fullName: string): string[] {
  const folded = fold(fullName);
  // The whole of a double-barrelled name, and each of its halves alone.
  const parts = [...folded.split(/[\s,]+/), ...folded.split(/[\s,-]+/)]
    .map((p) => p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((p) => p.length >= 2);
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
}

/** Whether a line looks like a name heading: two to four capitalised words, nothing else. */
function looksLikeNameLine(line: string): boolean {
  const words = line.trim().split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 4 &&
    words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w)) &&
    // A heading in capitals ("WORK EXPERIENCE") is a section, not a name.
    !words.every((w) => w === w.toUpperCase())
  );
}

export function stripContactDetails(text: string, known: KnownIdentity = {}): StrippedText {
  const removed: Record<ContactKind, number> = {
    name: 0,
    email: 0,
    phone: 0,
    link: 0,
    address: 0,
    personal: 0,
  };
  const take = (kind: ContactKind) => () => {
    removed[kind]++;
    return MARKER[kind];
  };
  let out = text.normalize('NFC');
  out = out.replace(PERSONAL_LINE, take('personal'));
  out = out.replace(BIRTH_LINE, take('personal'));
  out = out.replace(EMAIL, take('email'));
  out = out.replace(LINK, take('link'));
  out = out.replace(PHONE_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    // Seven digits or more, and not a range of years ("2016-2019", "2015 – 2018").
    if (digits.length < 7 || /^\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*$/.test(match)) {
      return match;
    }
    return take('phone')();
  });
  out = out.replace(STREET, take('address'));
  out = out.replace(UK_POSTCODE, take('address'));
  out = out.replace(US_STATE_ZIP, take('address'));

  if (known.email) {
    const local = known.email.split('@')[0] ?? '';
    // A handle made of the e-mail's local part ("alex.example") can appear alone.
    if (local.length >= 4) {
      out = out.replace(new RegExp(`\\b${escape(local)}\\b`, 'giu'), take('name'));
    }
  }
  if (known.fullName) {
    // Match on the folded text so "José" is found written "Jose" too, then cut the original.
    for (const part of nameParts(known.fullName)) {
      const pattern = new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'giu');
      const folded = fold(out);
      let match: RegExpExecArray | null;
      let result = '';
      let last = 0;
      while ((match = pattern.exec(folded)) !== null) {
        result += out.slice(last, match.index) + MARKER.name;
        last = match.index + match[0].length;
        removed.name++;
      }
      if (last > 0) out = result + out.slice(last);
    }
  }
  // The line a résumé opens with is its owner's name more often than not, whoever that is.
  const lines = out.split('\n');
  const first = lines.findIndex((l) => l.trim().length > 0);
  if (first >= 0 && first < 3 && looksLikeNameLine(lines[first] ?? '')) {
    lines[first] = MARKER.name;
    removed.name++;
  }
  return { text: lines.join('\n'), removed };
}

/** Whether anything that looks like an e-mail address or a phone number is left. */
export function stillHasContact(text: string): boolean {
  EMAIL.lastIndex = 0;
  if (EMAIL.test(text)) return true;
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 9) return true;
  }
  return false;
}
