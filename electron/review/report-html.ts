import type { ReviewAnswer, SessionDetail } from './session-detail';

/** What the printed report needs beyond the session itself. */
export interface ReportContext {
  stationName: string;
  /** Who exported it. */
  reviewer: { displayName: string; role: string };
  generatedAt: number;
  /** Evidence thumbnails by media id, as data: URLs; the report is one self-contained file. */
  thumbnails: Map<number, string>;
  /** Formats wall-clock times; injected so tests do not depend on the machine's time zone. */
  formatTime: (ms: number) => string;
}

export const EVENT_LABELS: Record<string, string> = {
  no_face: 'No face',
  multiple_faces: 'Multiple faces',
  looking_away: 'Looking away',
  eyes_closed: 'Eyes closed',
  speech_during_reading: 'Speech during reading time',
  other_voice: "Speech while the candidate's mouth is still",
  camera_lost: 'Camera lost',
  mic_lost: 'Microphone lost',
  restart: 'Station restarted',
  remote_tool: 'Remote-desktop, meeting or recording tool running',
  second_display: 'Second display connected',
  focus_lost: 'Interview window lost focus',
  virtual_machine: 'Station runs in a virtual machine',
};

const EXCERPT_CHARS = 600;
const MAX_THUMBNAILS = 40;

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Session-clock milliseconds as m:ss (or h:mm:ss). */
export function clockTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const letter = (i: number) => String.fromCharCode(65 + i);

function answerText(answer: ReviewAnswer): string {
  const { question } = answer;
  if (question.type === 'mcq') {
    if (answer.choice === null) return 'No option chosen.';
    return `${letter(answer.choice)}. ${question.options?.[answer.choice] ?? ''}`;
  }
  if (question.type === 'text') return answer.text?.trim() || 'No answer written.';
  return answer.mediaId ? `${question.type} answer recorded.` : 'No recording.';
}

/**
 * What the candidate said in a recorded answer, shortened. MCQ and text answers get none: any
 * speech the session recording caught while they read or typed is not their answer.
 */
function excerpt(detail: SessionDetail, answer: ReviewAnswer): string | null {
  if (answer.question.type !== 'audio' && answer.question.type !== 'video') return null;
  const spoken =
    answer.transcript ??
    detail.transcript
      .filter(
        (s) =>
          s.answerId === answer.id ||
          (s.answerId === null &&
            answer.startedMs !== null &&
            s.startMs >= answer.startedMs &&
            s.startMs < (answer.endedMs ?? Number.MAX_SAFE_INTEGER)),
      )
      .map((s) => s.text.trim())
      .join(' ');
  if (!spoken) return null;
  return spoken.length > EXCERPT_CHARS ? `${spoken.slice(0, EXCERPT_CHARS).trimEnd()}…` : spoken;
}

function percent(value: unknown): string {
  return typeof value === 'number' ? `${Math.round(value * 10) / 10}%` : '—';
}

function summaryRows(summary: Record<string, unknown> | null): string {
  if (!summary) return '<p class="muted">No signal summary was computed for this session.</p>';
  const num = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : null);
  const rows: [string, string][] = [
    ['Frames analysed', String(num('framesAnalyzed') ?? '—')],
    // Absent from summaries stored before dropped frames were counted: a dash, not a false 0.
    ['Frames dropped under load', String(num('framesDropped') ?? '—')],
    ['Face in view', percent(summary.facePresentPercent)],
    ['More than one face', percent(summary.multipleFacesPercent)],
    ['Looking away', num('lookingAwayMs') === null ? '—' : clockTime(num('lookingAwayMs') ?? 0)],
    [
      'Blinks per minute',
      num('blinksPerMinute') === null
        ? '—'
        : String(Math.round((num('blinksPerMinute') ?? 0) * 10) / 10),
    ],
    [
      'Speaking',
      num('speakingRatio') === null ? '—' : `${Math.round((num('speakingRatio') ?? 0) * 100)}%`,
    ],
  ];
  return `<table class="kv">${rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('')}</table>`;
}

/** For a recorded answer where retakes were allowed: how many the candidate used. */
function retakeLine(detail: SessionDetail, answer: ReviewAnswer): string {
  const recorded = answer.question.type === 'audio' || answer.question.type === 'video';
  if (!recorded || (detail.interview.retakesAllowed === 0 && answer.retakesUsed === 0)) return '';
  return `<p><span class="label">Retakes used</span> ${escapeHtml(answer.retakesUsed)} of ${escapeHtml(detail.interview.retakesAllowed)} allowed</p>`;
}

/** The interview's accommodations as report rows; "None" when it had the defaults. */
export function accommodationRows(detail: SessionDetail): [string, string][] {
  const { extraTimePercent, candidateNotices } = detail.interview.accommodations;
  const given: string[] = [];
  if (extraTimePercent > 0) given.push(`${extraTimePercent}% extra time on every answer limit`);
  if (!candidateNotices) given.push('on-screen proctoring notices not shown to the candidate');
  const rows: [string, string][] = [['Accommodations', given.join('; ') || 'None']];
  if (detail.interview.retakesAllowed > 0) {
    rows.push(['Retakes allowed', `${detail.interview.retakesAllowed} per audio or video answer`]);
  }
  return rows;
}

function answersSection(detail: SessionDetail): string {
  if (detail.answers.length === 0) return '<p class="muted">No answers were recorded.</p>';
  return detail.answers
    .map((answer) => {
      const spoken = excerpt(detail, answer);
      const recruiter = answer.recruiterScores
        .map(
          (s) =>
            `<li><strong>${escapeHtml(s.score)}/100</strong> by ${escapeHtml(s.scorerName ?? 'a recruiter')}${
              s.notes ? ` — ${escapeHtml(s.notes)}` : ''
            }</li>`,
        )
        .join('');
      return `<section class="answer">
<h3>Question ${answer.position + 1} · ${escapeHtml(answer.question.type.toUpperCase())}</h3>
<p class="prompt">${escapeHtml(answer.question.prompt)}</p>
<p><span class="label">Answer</span> ${escapeHtml(answerText(answer))}</p>
${retakeLine(detail, answer)}
${spoken ? `<blockquote><span class="label">Transcript excerpt</span> ${escapeHtml(spoken)}</blockquote>` : ''}
${answer.autoScore ? `<p><span class="label">Automatic score</span> ${escapeHtml(answer.autoScore.score)}/100${answer.autoScore.rationale ? ` — ${escapeHtml(answer.autoScore.rationale)}` : ''}</p>` : ''}
${recruiter ? `<p class="label">Recruiter scores</p><ul>${recruiter}</ul>` : '<p class="muted">Not scored by a recruiter yet.</p>'}
</section>`;
    })
    .join('\n');
}

function eventsSection(detail: SessionDetail, ctx: ReportContext): string {
  if (detail.events.length === 0) return '<p class="muted">No integrity events.</p>';
  let pictures = 0;
  const rows = detail.events.map((event) => {
    const thumb =
      event.thumbnailMediaId !== null && pictures < MAX_THUMBNAILS
        ? ctx.thumbnails.get(event.thumbnailMediaId)
        : undefined;
    if (thumb) pictures += 1;
    const span =
      event.endMs === null
        ? `from ${clockTime(event.startMs)}`
        : `${clockTime(event.startMs)}–${clockTime(event.endMs)}`;
    // A picture when there is one; otherwise the line the station recorded with the event.
    const evidence = thumb
      ? `<img src="${escapeHtml(thumb)}" alt="Evidence frame">`
      : escapeHtml(event.evidence ?? '');
    return `<tr><td>${evidence}</td>
<td>${escapeHtml(EVENT_LABELS[event.type] ?? event.type)}</td><td>${escapeHtml(span)}</td><td>${escapeHtml(event.severity)}</td></tr>`;
  });
  return `<table class="events"><thead><tr><th>Evidence</th><th>Event</th><th>Session time</th><th>Severity</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function decisionSection(detail: SessionDetail, ctx: ReportContext): string {
  const latest = detail.evaluations[0];
  if (!latest) return '<p class="muted">No decision yet.</p>';
  return `<table class="kv">
<tr><th>Decision</th><td>${escapeHtml(latest.decision)}</td></tr>
<tr><th>Overall score</th><td>${latest.overallScore === null ? '—' : `${escapeHtml(latest.overallScore)}/100`}</td></tr>
<tr><th>Decided by</th><td>${escapeHtml(latest.reviewerName)}, ${escapeHtml(ctx.formatTime(latest.createdAt))}</td></tr>
${latest.notes ? `<tr><th>Notes</th><td>${escapeHtml(latest.notes)}</td></tr>` : ''}
</table>`;
}

const SUGGESTION_WORDS: Record<SessionDetail['analysis']['overall']['suggestion'], string> = {
  advance: 'Advance',
  consider: 'Consider: take a closer look',
  do_not_advance: 'Do not advance',
  insufficient: 'No suggestion: too few answers scored',
};

/** The interview analysis in short: the same facts as the replay's panel, labelled a suggestion. */
function analysisSection(detail: SessionDetail): string {
  const { analysis } = detail;
  const { technical, communication } = analysis.competencies;
  const list = (items: string[], none: string) =>
    items.length === 0
      ? `<p class="muted">${escapeHtml(none)}</p>`
      : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const strengths = analysis.strengths.map(
    (s) =>
      `<strong>${escapeHtml(s.criterion)}</strong> (${escapeHtml(s.score)} of 5), question ${escapeHtml(s.position + 1)}${
        s.quote ? ` — “${escapeHtml(s.quote)}”` : ''
      }`,
  );
  const areas = analysis.areasToProbe.map(
    (a) =>
      `<strong>${escapeHtml(a.criterion)}</strong> (${escapeHtml(a.score)} of 5), question ${escapeHtml(a.position + 1)}${
        a.missing.length > 0 ? `: not mentioned — ${escapeHtml(a.missing.join('; '))}` : ''
      }`,
  );
  const keywords = analysis.keywords
    .map((k) => `${escapeHtml(k.term)} ×${escapeHtml(k.count)} (${escapeHtml(k.relevance)})`)
    .join(', ');
  return `<p><span class="label">${escapeHtml(analysis.overall.label)}</span></p>
<table class="kv">
<tr><th>Overall suggestion</th><td><strong>${escapeHtml(SUGGESTION_WORDS[analysis.overall.suggestion])}</strong> — ${escapeHtml(analysis.overall.reason)}</td></tr>
<tr><th>Technical</th><td>${technical.score === null ? 'No suggested score yet' : `${escapeHtml(technical.score)}/100`} (${escapeHtml(technical.basis)})</td></tr>
<tr><th>Communication (facts only)</th><td>${communication.sentences.map(escapeHtml).join('<br>')}</td></tr>
<tr><th>Keywords</th><td>${keywords || '—'}</td></tr>
</table>
<p class="label">Strengths</p>
${list(strengths, 'No criterion scored 4 or 5.')}
<p class="label">Areas to probe</p>
${list(areas, 'No criterion scored 2 or lower, and no key point was missed.')}`;
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 10.5pt; color: #1d2733; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #c9d2db; padding-bottom: 1mm; margin: 7mm 0 3mm; }
h3 { font-size: 10.5pt; margin: 0 0 1mm; }
.muted { color: #556270; }
.label { font-weight: bold; color: #556270; margin-right: 2mm; }
.answer { break-inside: avoid; border-left: 3px solid #1f5fbf; padding: 1mm 0 1mm 4mm; margin: 0 0 5mm; }
.prompt { font-style: italic; }
blockquote { margin: 2mm 0; padding: 2mm 3mm; background: #f4f6f8; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border-bottom: 1px solid #e3e8ee; }
table.kv th { width: 42mm; color: #556270; font-weight: normal; }
table.events img { width: 36mm; border-radius: 2px; }
table.events tr { break-inside: avoid; }
.head { display: flex; justify-content: space-between; align-items: flex-start; }
.notice { font-size: 8.5pt; color: #556270; margin-top: 8mm; }
`;

/**
 * The review report as one self-contained HTML page, printed to PDF by Chromium or Electron.
 * Everything that comes from the database is escaped, and the page's CSP allows no scripts
 * and no fetches, so a candidate's answer cannot turn into markup or reach the network.
 */
export function renderReportHtml(detail: SessionDetail, ctx: ReportContext): string {
  const { session } = detail;
  const times: [string, string][] = [
    ['Scheduled', ctx.formatTime(detail.interview.scheduledAt)],
    ['Started', session ? ctx.formatTime(session.startedAt) : 'Not started'],
    ['Ended', session?.endedAt ? ctx.formatTime(session.endedAt) : '—'],
    ['Session length', session ? clockTime(session.durationMs) : '—'],
    ['Interview status', detail.interview.status.replace('_', ' ')],
    ['Application status', detail.interview.applicationStatus],
  ];
  times.push(...accommodationRows(detail));
  if (detail.declined) {
    times.push([
      'Consent declined',
      `${ctx.formatTime(detail.declined.at)}; offered instead: ${detail.declined.alternativePath}`,
    ]);
  }
  if (session && session.integrityFlags.length > 0) {
    times.push(['Session flags', session.integrityFlags.join(', ')]);
  }
  const { withdrawal } = detail;
  if (withdrawal) {
    const chose = withdrawal.keepAnswers ? 'answers so far kept' : 'deletion requested';
    times.push(['Consent withdrawn', `at ${clockTime(withdrawal.atMs)} (${chose})`]);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Interview report — ${escapeHtml(detail.candidate.fullName)}</title>
<style>${STYLE}</style></head>
<body>
<div class="head"><div>
<h1>${escapeHtml(detail.candidate.fullName)}</h1>
<p>${escapeHtml(detail.job.title)}${detail.job.department ? ` · ${escapeHtml(detail.job.department)}` : ''}${detail.candidate.email ? ` · ${escapeHtml(detail.candidate.email)}` : ''}</p>
</div><p class="muted">Interview report<br>${escapeHtml(ctx.stationName)}</p></div>
<table class="kv">${times.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Decision</h2>
${decisionSection(detail, ctx)}
<h2>Analysis (suggestion only)</h2>
${analysisSection(detail)}
<h2>Answers and scores</h2>
${answersSection(detail)}
<h2>Signal summary</h2>
${summaryRows(detail.summary)}
<h2>Integrity events</h2>
${eventsSection(detail, ctx)}
<p class="notice">Signals and events are automated observations for a human reviewer, not a verdict.
Report exported by ${escapeHtml(ctx.reviewer.displayName)} (${escapeHtml(ctx.reviewer.role)}) on ${escapeHtml(ctx.formatTime(ctx.generatedAt))}.</p>
</body></html>
`;
}
