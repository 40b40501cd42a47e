import type { DashboardFilter, DashboardRow } from './dashboard';

const HEADER = [
  'Interview',
  'Candidate',
  'Email',
  'Job',
  'Review state',
  'Interview status',
  'Application status',
  'Started (UTC)',
  'Ended (UTC)',
  'Integrity flags',
  'Flags by type',
  'Decision',
  'Overall score',
  'Decided (UTC)',
];

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/**
 * One CSV field. Quoted when it holds a comma, a semicolon (the separator Excel uses in
 * locales whose decimal mark is a comma, so an unquoted `;` would split the field there), a
 * quote or a line break (RFC 4180); a leading =, +, -, @, tab or carriage return gets an
 * apostrophe so a spreadsheet shows a candidate's name as text instead of running it as a
 * formula (OWASP "CSV injection").
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The interviews as CSV (CRLF line ends, a BOM so spreadsheets read UTF-8 names right). */
export function interviewsCsv(rows: DashboardRow[]): string {
  const lines = [HEADER.map(csvField).join(',')];
  for (const row of rows) {
    const byType = Object.entries(row.flags)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => `${type}:${count}`)
      .join(' ');
    lines.push(
      [
        row.interviewId,
        row.candidateName,
        row.candidateEmail,
        row.jobTitle,
        row.state,
        row.interviewStatus,
        row.applicationStatus,
        iso(row.startedAt),
        iso(row.endedAt),
        row.flagTotal,
        byType,
        row.decision,
        row.overallScore,
        iso(row.decidedAt),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The export's file name: the day, and "-filtered" when a filter left interviews out, so a
 * file saved from a filtered list is not later taken for the whole list.
 */
export function interviewsCsvName(now: number, filter: DashboardFilter): string {
  const day = new Date(now).toISOString().slice(0, 10);
  const filtered =
    Boolean(filter.search?.trim()) || filter.state !== undefined || filter.jobId !== undefined;
  return `interviews-${day}${filtered ? '-filtered' : ''}.csv`;
}
