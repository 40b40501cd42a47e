import type { SessionDetail } from './format';

/** Total retakes the candidate used across the interview's recorded answers. */
export function retakesUsed(detail: SessionDetail): number {
  return detail.answers.reduce((sum, answer) => sum + answer.retakesUsed, 0);
}

/**
 * The conditions the candidate took the interview under: staff-set accommodations and the
 * retakes allowed and used. A reviewer needs them to read answer times and takes fairly.
 */
export function InterviewTerms({ detail }: { detail: SessionDetail }) {
  const { accommodations, retakesAllowed } = detail.interview;
  const used = retakesUsed(detail);
  const items: [string, string][] = [
    [
      'Extra time',
      accommodations.extraTimePercent > 0
        ? `+${accommodations.extraTimePercent}% on every answer limit`
        : 'None',
    ],
    [
      'Proctoring notices',
      accommodations.candidateNotices ? 'Shown to the candidate' : 'Not shown to the candidate',
    ],
    [
      'Retakes',
      retakesAllowed > 0
        ? `${used} used; up to ${retakesAllowed} per audio or video answer`
        : used > 0
          ? `${used} used`
          : 'None allowed',
    ],
  ];
  return (
    <section className="panel" aria-labelledby="terms-title">
      <h2 id="terms-title">Accommodations and retakes</h2>
      <dl className="summary interview-terms">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
