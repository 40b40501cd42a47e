import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AnswerSuggestion } from '../../../shared/answer-suggestion';
import { messageOf } from '../errors';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { clockTime, type ReviewAnswer } from './format';
import { missingSuggestionText, playLabel, responseLine, scorerLine } from './suggestion-format';
import './answer-suggestion.css';

type Criterion = AnswerSuggestion['criteria'][number];

/** Refetches after a transcript lands, long enough for the scorer that runs on it. */
const FOLLOW_MS = 3_000;
const FOLLOW_TIMES = 10;

/**
 * A spoken answer was just transcribed and is scored right after, so the refetch that saw the
 * transcript may have come a moment too soon: follow a little longer. Bounded, since a question
 * without a rubric never gets a suggestion.
 */
function FollowSuggestion({
  session,
  interviewId,
}: {
  session: StaffSession;
  interviewId: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.review.session.queryOptions({ token: session.token, interviewId });
  const [from] = useState(() => queryClient.getQueryState(options.queryKey)?.dataUpdateCount ?? 0);
  useQuery({
    ...options,
    refetchOnWindowFocus: false,
    refetchInterval: (query) =>
      query.state.dataUpdateCount - from < FOLLOW_TIMES ? FOLLOW_MS : false,
  });
  return null;
}

function CriterionEvidence({
  criterion,
  onPlayFrom,
}: {
  criterion: Criterion;
  onPlayFrom(ms: number, quote: string): void;
}) {
  return (
    <li className="suggestion-criterion">
      <p className="suggestion-criterion-head">
        <strong>{criterion.name}</strong> {criterion.score}/5{' '}
        <span className="muted">(weight {criterion.weight})</span>
      </p>
      {criterion.evidence.length === 0 ? (
        <p className="muted">No quote earned this criterion a point.</p>
      ) : (
        <ul className="suggestion-evidence">
          {criterion.evidence.map((evidence, i) => {
            const label = playLabel(evidence);
            const startMs = evidence.startMs;
            return (
              <li key={i}>
                <q>{evidence.quote}</q>
                {label && startMs !== null && (
                  <button
                    type="button"
                    className="small"
                    // The visible text says where; the name says what, for a list of buttons.
                    aria-label={`${label}: “${evidence.quote}”`}
                    onClick={() => onPlayFrom(startMs, evidence.quote)}
                  >
                    {label}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

/**
 * The scorer's suggestion for one answer, beside the recruiter's own score: always labelled a
 * suggestion, with the scorer that made it and the quotes behind each criterion; a spoken quote
 * plays the replay from where it was said. Accepting, changing or ignoring it is audited.
 */
export function AnswerSuggestionPanel({
  answer,
  session,
  interviewId,
  onPlayFrom,
  onAccepted,
  onUseOwn,
}: {
  answer: ReviewAnswer;
  session: StaffSession;
  interviewId: number;
  onPlayFrom(ms: number): void;
  /** The suggested score became this recruiter's: the score form shows it. */
  onAccepted(score: number): void;
  /** The recruiter will score it themselves: the score form takes focus. */
  onUseOwn(): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries(
      trpc.review.session.queryFilter({ token: session.token, interviewId }),
    );
  // The buttons go once the suggestion is answered: keep keyboard focus in this suggestion.
  const responded = async (text: string) => {
    setMessage(text);
    await refresh();
    document.getElementById(`suggestion-${answer.id}-title`)?.focus();
  };
  // Someone else may have answered it meanwhile (CONFLICT): say so, and show what they did.
  const failed = (error: unknown) => {
    setMessage(messageOf(error));
    void refresh();
  };
  const accept = useMutation(
    trpc.review.scoreAnswer.mutationOptions({
      onSuccess: (_data, input) => {
        onAccepted(input.score);
        return responded(`Accepted: your score is ${input.score}/100.`);
      },
      onError: failed,
    }),
  );
  const ignore = useMutation(
    trpc.review.ignoreSuggestion.mutationOptions({
      onSuccess: () => responded('Suggestion ignored; score this answer yourself.'),
      onError: failed,
    }),
  );

  const suggestion = answer.suggestion;
  const n = answer.position + 1;
  const id = `suggestion-${answer.id}`;
  if (!suggestion) {
    const text = missingSuggestionText(answer);
    return text ? (
      <>
        {answer.transcription?.state === 'done' && (
          <FollowSuggestion session={session} interviewId={interviewId} />
        )}
        <p className="suggestion-missing muted">{text}</p>
      </>
    ) : null;
  }
  const mine = answer.recruiterScores.find((s) => s.scorerUserId === session.user.id);
  const busy = accept.isPending || ignore.isPending;
  return (
    <section className="answer-suggestion" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} tabIndex={-1}>
        Suggested score for question {n}
      </h4>
      <p className="suggestion-score">
        Suggested score <strong>{suggestion.score}/100</strong>{' '}
        <span className="suggestion-label">— a suggestion; you decide</span>
      </p>
      <p className="suggestion-scorer muted">{scorerLine(suggestion)}</p>
      {suggestion.fallbackReason && (
        <p className="suggestion-fallback">{suggestion.fallbackReason}</p>
      )}
      {suggestion.rationale && <p className="suggestion-rationale">{suggestion.rationale}</p>}
      <ul className="suggestion-criteria" aria-label={`Criteria for question ${n}`}>
        {suggestion.criteria.map((criterion) => (
          <CriterionEvidence
            key={criterion.name}
            criterion={criterion}
            onPlayFrom={(ms, quote) => {
              onPlayFrom(ms);
              setMessage(`Playing the recording from ${clockTime(ms)}: “${quote}”.`);
            }}
          />
        ))}
      </ul>
      {suggestion.response ? (
        // Answered once, by one recruiter: the others see what was done and score as usual.
        <p className="suggestion-response">{responseLine(suggestion.response)}</p>
      ) : (
        <div className="suggestion-actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              accept.mutate({
                token: session.token,
                answerId: answer.id,
                score: suggestion.score,
                // Keep the recruiter's own notes: accepting a score is not rewriting them.
                notes: mine?.notes ?? '',
                suggestionId: suggestion.scoreId,
              })
            }
          >
            Accept suggestion ({suggestion.score}/100)
          </button>
          <button type="button" disabled={busy} onClick={onUseOwn}>
            Use my own score
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              ignore.mutate({
                token: session.token,
                answerId: answer.id,
                scoreId: suggestion.scoreId,
              })
            }
          >
            Ignore suggestion
          </button>
        </div>
      )}
      <p className="suggestion-status" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
