/**
 * Lines of a résumé with the section each sits under, and the experience it states in years.
 * Kept apart from the matcher so each stays small; both are pure (text in, data out).
 */

export type SectionKind = 'skills' | 'experience' | 'projects' | 'education' | 'other';

export interface ResumeLine {
  text: string;
  section: SectionKind;
}

// Headings as résumés write them, alone on their line ("Skills", "WORK HISTORY:", "Technical
// skills"). A line must be short and contain nothing else, or prose mentioning "experience"
// would start a section.
const HEADINGS: [SectionKind, RegExp][] = [
  [
    'skills',
    /^(?:technical |core |key |professional )?(?:skills|skill set|competencies|core competencies|technologies|tech stack|tools)(?: (?:&|and) (?:tools|technologies))?$/,
  ],
  [
    'experience',
    /^(?:(?:work|professional|relevant|employment|career) )?(?:experience|history|employment|employment history|work history)$/,
  ],
  ['projects', /^(?:selected |personal |key )?projects$/],
  [
    'education',
    /^(?:education|qualifications|certifications|education (?:&|and) (?:training|certifications))$/,
  ],
  [
    'other',
    /^(?:summary|profile|about me|objective|interests|languages|references|awards|publications)$/,
  ],
];

function headingOf(line: string): SectionKind | undefined {
  const bare = line
    .trim()
    .replace(/^[#*=\-\s]+|[:\-=*\s]+$/g, '')
    .toLowerCase();
  if (bare.length === 0 || bare.length > 40) return undefined;
  return HEADINGS.find(([, pattern]) => pattern.test(bare))?.[0];
}

/** The résumé's lines (blank ones dropped) and whether any heading was recognised at all. */
export function resumeLines(text: string): { lines: ResumeLine[]; sectioned: boolean } {
  const lines: ResumeLine[] = [];
  let section: SectionKind = 'other';
  let sectioned = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const trimmed = raw.trim();
    if (trimmed.length === 0) continue;
    const heading = headingOf(trimmed);
    if (heading) {
      section = heading;
      sectioned = true;
      continue;
    }
    lines.push({ text: trimmed, section });
  }
  return { lines, sectioned };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+|(\d{1,2})[/.-])?`;
const YEAR = String.raw`((?:19|20)\d{2})`;
const END = String.raw`(?:${MONTH}${YEAR}|(present|current|now|today|date))`;
const RANGE = new RegExp(
  String.raw`(?<![\d/.-])${MONTH}${YEAR}\s*(?:-|–|—|to|until|till)\s*${END}(?![\d])`,
  'gi',
);
// "5 years of experience", "5+ yrs", "7.5 years' professional experience", "over 10 years in".
const STATED = new RegExp(
  String.raw`(\d{1,2}(?:\.\d)?)\s*(\+)?\s*(?:years?|yrs?)\b(?:'|’)?(\s+(?:of\s+)?(?:[a-z-]+\s+)?(?:experience|exp)\b)?`,
  'gi',
);

function monthIndex(name: string | undefined, numeric: string | undefined): number | undefined {
  if (name) return MONTHS.indexOf(name.toLowerCase().slice(0, 3));
  if (numeric) {
    const n = Number(numeric);
    if (n >= 1 && n <= 12) return n - 1;
  }
  return undefined;
}

/** Months since year 0 of each range on a line, as [start, end) intervals. */
function rangesOn(line: string, asOf: Date): [number, number][] {
  const found: [number, number][] = [];
  for (const m of line.matchAll(RANGE)) {
    const [, startName, startNum, startYear, endName, endNum, endYear, open] = m;
    const start = Number(startYear) * 12 + (monthIndex(startName, startNum) ?? 0);
    const end = open
      ? asOf.getUTCFullYear() * 12 + asOf.getUTCMonth()
      : Number(endYear) * 12 + (monthIndex(endName, endNum) ?? 0);
    // A range written backwards or decades long is a typo or not a job: it would swamp the sum.
    if (end > start && end - start <= 50 * 12) found.push([start, end]);
  }
  return found;
}

/** Total months covered by intervals, overlaps counted once (two jobs at once are one career). */
function coveredMonths(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [start, end] of sorted) {
    if (!current || start > current[1]) {
      if (current) total += current[1] - current[0];
      current = [start, end];
    } else current[1] = Math.max(current[1], end);
  }
  if (current) total += current[1] - current[0];
  return total;
}

export interface YearsEstimate {
  years?: number;
  stated?: number;
  fromDates?: number;
}

/**
 * Experience in years: the most the résumé states ("6+ years of experience") or the date ranges
 * of its jobs summed without double counting, whichever is more. Ranges under Education are
 * study, not work, so they are left out; when the résumé has an Experience section only its
 * ranges count.
 */
export function estimateYears(lines: ResumeLine[], sectioned: boolean, asOf: Date): YearsEstimate {
  let stated: number | undefined;
  const intervals: [number, number][] = [];
  const hasExperience = lines.some((l) => l.section === 'experience');
  for (const line of lines) {
    for (const m of line.text.matchAll(STATED)) {
      if (!m[2] && !m[3]) continue; // "3 years" alone could be anything: a contract, a degree
      const value = Number(m[1]);
      if (value > 0 && value <= 50) stated = Math.max(stated ?? 0, value);
    }
    const counts =
      sectioned && hasExperience ? line.section === 'experience' : line.section !== 'education';
    if (counts) intervals.push(...rangesOn(line.text, asOf));
  }
  const months = coveredMonths(intervals);
  const fromDates = months > 0 ? Math.round((months / 12) * 10) / 10 : undefined;
  const years = Math.max(stated ?? 0, fromDates ?? 0);
  return { years: years > 0 ? years : undefined, stated, fromDates };
}
