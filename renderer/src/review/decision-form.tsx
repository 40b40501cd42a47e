import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { dateTime, DECISIONS, type Decision, type SessionDetail } from './format';

const NO_CHOICE_ERROR = 'Choose an application status before saving the decision.';

/**
 * The overall decision: an application status, an optional overall score and notes. The status
 * starts unchosen, for a new decision and a changed one alike: a preselected status could be
 * saved without the reviewer ever choosing it.
 */
export function DecisionForm({
  detail,
  session,
}: {
  detail: SessionDetail;
  session: StaffSession;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = detail.evaluations[0];
  const [decision, setDecision] = useState<Decision | ''>('');
  const [missing, setMissing] = useState(false);
  const statusField = useRef<HTMLSelectElement>(null);
  const [overall, setOverall] = useState(latest?.overallScore?.toString() ?? '');
  const [notes, setNotes] = useState('');
  const decide = useMutation(
    trpc.review.decide.mutationOptions({
      onSuccess: () => {
        setDecision('');
        setNotes('');
        void queryClient.invalidateQueries(trpc.review.pathFilter());
      },
    }),
  );
  const overallValue = overall.trim() === '' ? null : Number(overall);
  const valid =
    overallValue === null ||
    (Number.isInteger(overallValue) && overallValue >= 0 && overallValue <= 100);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (decision === '') {
      setMissing(true);
      statusField.current?.focus();
      return;
    }
    if (!valid) return;
    decide.mutate({
      token: session.token,
      interviewId: detail.interview.id,
      decision,
      overallScore: overallValue,
      notes,
    });
  };
  return (
    <section className="panel decision" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      {latest ? (
        <p className="current-decision">
          <span className="status-pill">{latest.decision}</span>
          {latest.overallScore !== null && <strong> {latest.overallScore}/100</strong>}
          <span className="muted">
            {' '}
            by {latest.reviewerName}, {dateTime(latest.createdAt)}
          </span>
          {latest.notes && (
            <span className="decision-notes">
              <span className="label">Notes</span> {latest.notes}
            </span>
          )}
        </p>
      ) : (
        <p className="muted">
          Not decided yet. Application status: {detail.interview.applicationStatus}.
        </p>
      )}
      <form onSubmit={submit} className="decision-form">
        <label htmlFor="decision-status">Application status</label>
        <select
          id="decision-status"
          ref={statusField}
          value={decision}
          aria-invalid={missing}
          aria-describedby={missing ? 'decision-status-error' : undefined}
          onChange={(e) => {
            setDecision(e.target.value as Decision | '');
            setMissing(e.target.value === '');
          }}
        >
          <option value="">Choose a status…</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        {missing && (
          <p id="decision-status-error" role="alert" className="error">
            {NO_CHOICE_ERROR}
          </p>
        )}
        <label htmlFor="decision-score">Overall score (0–100, optional)</label>
        <input
          id="decision-score"
          type="number"
          min={0}
          max={100}
          step={1}
          value={overall}
          aria-invalid={!valid}
          onChange={(e) => setOverall(e.target.value)}
        />
        <label htmlFor="decision-notes">Notes for the record</label>
        <textarea
          id="decision-notes"
          rows={3}
          maxLength={4000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!valid || decide.isPending}>
          Save decision
        </button>
        <p role="status" className="form-status">
          {decide.isError
            ? messageOf(decide.error)
            : decide.isSuccess
              ? `Decision saved: ${decide.variables?.decision}.`
              : ''}
        </p>
      </form>
      {detail.evaluations.length > 1 && (
        <details>
          <summary>Earlier decisions ({detail.evaluations.length - 1})</summary>
          <ul className="history">
            {detail.evaluations.slice(1).map((e) => (
              <li key={e.id}>
                {e.decision}
                {e.overallScore !== null && ` (${e.overallScore}/100)`} by {e.reviewerName},{' '}
                {dateTime(e.createdAt)}
                {e.notes && <span className="muted"> — {e.notes}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
