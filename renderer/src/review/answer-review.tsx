import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { AnswerMedia } from './answer-media';
import { AnswerSuggestionPanel } from './answer-suggestion';
import { AnswerTranscription } from './answer-transcription';
import { clockTime, type ReviewAnswer } from './format';

function AnswerContent({ answer }: { answer: ReviewAnswer }) {
  const { question } = answer;
  if (question.type === 'mcq') {
    return (
      <ol className="mcq-options" type="A">
        {(question.options ?? []).map((option, i) => (
          <li
            key={i}
            className={[
              i === answer.choice ? 'chosen' : '',
              i === question.correctOption ? 'correct' : '',
            ].join(' ')}
          >
            {option}
            {i === answer.choice && <span className="tag">chosen</span>}
            {i === question.correctOption && <span className="tag tag-ok">correct</span>}
          </li>
        ))}
      </ol>
    );
  }
  if (question.type === 'text') {
    return answer.text?.trim() ? (
      <blockquote className="answer-text">{answer.text}</blockquote>
    ) : (
      <p className="muted">No answer written.</p>
    );
  }
  return (
    <>
      <AnswerMedia answer={answer} />
      <AnswerTranscription transcription={answer.transcription} />
      {answer.transcript && <blockquote className="answer-text">{answer.transcript}</blockquote>}
    </>
  );
}

/** One answer: the question, what the candidate gave, its scores, and this recruiter's score. */
export function AnswerReview({
  answer,
  session,
  interviewId,
  retakesAllowed,
  onJump,
  onPlayFrom,
}: {
  answer: ReviewAnswer;
  session: StaffSession;
  interviewId: number;
  /** The questionnaire's retakes per audio or video answer. */
  retakesAllowed: number;
  onJump(ms: number): void;
  /** Seeks the replay to a session-clock time and plays from there. */
  onPlayFrom(ms: number): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // While this answer waits or is being transcribed, follow it: one more observer of the replay's
  // own query, polling until the state settles (repeat views are audited once per sitting).
  const following = answer.transcription?.state;
  useQuery({
    ...trpc.review.session.queryOptions({ token: session.token, interviewId }),
    refetchOnWindowFocus: false,
    refetchInterval:
      following === 'queued' || following === 'transcribing'
        ? 5_000
        : following === 'retrying'
          ? 30_000
          : false,
  });
  const mine = answer.recruiterScores.find((s) => s.scorerUserId === session.user.id);
  const others = answer.recruiterScores.filter((s) => s !== mine);
  const [score, setScore] = useState(mine ? String(mine.score) : '');
  const [notes, setNotes] = useState(mine?.notes ?? '');
  const save = useMutation(
    trpc.review.scoreAnswer.mutationOptions({
      // On an error too: another recruiter may have answered the suggestion meanwhile, and the
      // refetched card shows it (and a second save no longer names it).
      onSettled: () =>
        queryClient.invalidateQueries(
          trpc.review.session.queryFilter({ token: session.token, interviewId }),
        ),
    }),
  );
  const value = Number(score);
  const valid = score.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 100;
  const scoreInput = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    save.mutate({
      token: session.token,
      answerId: answer.id,
      score: value,
      notes,
      // The recruiter scored with an open suggestion in view: the station records whether
      // they took it or changed it (once: a suggestion is answered by one recruiter).
      suggestionId:
        answer.suggestion && !answer.suggestion.response ? answer.suggestion.scoreId : undefined,
    });
  };
  const scoreMyself = () => {
    // Start from the suggestion, selected, so typing a number replaces it.
    if (score === '' && answer.suggestion) setScore(String(answer.suggestion.score));
    scoreInput.current?.focus();
    requestAnimationFrame(() => scoreInput.current?.select());
  };
  const n = answer.position + 1;
  const isRecorded = answer.question.type === 'audio' || answer.question.type === 'video';
  const id = `answer-${answer.id}`;
  return (
    <article className="answer-card" aria-labelledby={`${id}-title`}>
      <header>
        <h3 id={`${id}-title`}>
          Question {n} <span className="type">{answer.question.type.toUpperCase()}</span>
        </h3>
        {answer.startedMs !== null && (
          <button type="button" className="small" onClick={() => onJump(answer.startedMs ?? 0)}>
            Jump to answer {n} ({clockTime(answer.startedMs)})
          </button>
        )}
      </header>
      <p className="review-prompt">{answer.question.prompt}</p>
      <AnswerContent answer={answer} />
      {isRecorded && (retakesAllowed > 0 || answer.retakesUsed > 0) && (
        <p className="retakes-used">
          Retakes used: {answer.retakesUsed} of {retakesAllowed}
        </p>
      )}
      {answer.autoScore && (
        <p className="auto-score">
          Automatic score <strong>{answer.autoScore.score}/100</strong>
          {answer.autoScore.rationale && (
            <span className="muted"> — {answer.autoScore.rationale}</span>
          )}
        </p>
      )}
      {others.length > 0 && (
        <ul className="other-scores">
          {others.map((s) => (
            <li key={s.id}>
              <strong>{s.score}/100</strong> by {s.scorerName ?? 'a recruiter'}
              {s.notes && <span className="muted"> — {s.notes}</span>}
            </li>
          ))}
        </ul>
      )}
      <AnswerSuggestionPanel
        answer={answer}
        session={session}
        interviewId={interviewId}
        onPlayFrom={onPlayFrom}
        onAccepted={(accepted) => setScore(String(accepted))}
        onUseOwn={scoreMyself}
      />
      <form className="score-form" onSubmit={submit}>
        <div>
          <label htmlFor={`${id}-score`}>Your score for question {n} (0–100)</label>
          <input
            id={`${id}-score`}
            ref={scoreInput}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            value={score}
            aria-invalid={score !== '' && !valid}
            onChange={(e) => setScore(e.target.value)}
          />
        </div>
        <div className="grow">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea
            id={`${id}-notes`}
            rows={2}
            maxLength={4000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={!valid || save.isPending}>
          Save score
        </button>
        <p role="status" className="form-status">
          {save.isError
            ? messageOf(save.error)
            : save.isSuccess
              ? `Saved ${value}/100 for question ${n}.`
              : mine
                ? `Your score: ${mine.score}/100.`
                : ''}
        </p>
      </form>
    </article>
  );
}
