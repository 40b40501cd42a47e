import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../errors';
import { useCandidateStore, type SessionView } from '../state/candidate-store';
import { useTRPCClient } from '../trpc';
import { McqAnswer, SaveIndicator, TextAnswer } from './answer-inputs';
import { RecordingPanel } from './recording-panel';
import { Countdown, useRemaining } from './countdown';
import { useDraftSaver } from './use-draft-saver';
import { useScreenFocus } from './use-screen-focus';
import { WithdrawConsent } from './withdraw-consent';

// The page flushes the draft this close to the deadline; main accepts it for a moment after.
const FINAL_FLUSH_MS = 400;

interface Timed {
  view: SessionView;
  receivedAt: number;
}

/** Runs the questionnaire as main dictates: main owns the clock, this screen shows it. */
export function QuestionScreen({ first }: { first: SessionView }) {
  const client = useTRPCClient();
  const token = useCandidateStore((state) => state.token) ?? '';
  const finished = useCandidateStore((state) => state.finished);
  const [timed, setTimed] = useState<Timed>(() => ({
    view: first,
    receivedAt: performance.now(),
  }));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Set as the candidate confirms a withdrawal: the session's end then is not "complete".
  const withdrawing = useRef(false);

  // Gentle proctoring notices from main; the interview never stops for them.
  useEffect(() => {
    const subscription = client.candidate.notices.subscribe(
      { token },
      { onData: (kind) => setNotice(kind), onError: () => setNotice(null) },
    );
    return () => subscription.unsubscribe();
  }, [client, token]);

  useEffect(() => {
    const subscription = client.candidate.watch.subscribe(
      { token },
      {
        onData: (view) => setTimed({ view, receivedAt: performance.now() }),
        onError: (failure) => setError(messageOf(failure)),
      },
    );
    return () => subscription.unsubscribe();
  }, [client, token]);

  useEffect(() => {
    if (timed.view.status === 'completed' && !withdrawing.current) finished();
  }, [timed.view.status, finished]);

  if (timed.view.status === 'completed' || !timed.view.question) return null;
  return (
    <>
      {/* The notice sits in the flow above the card, not floating over it: floating, it
          covered "Question N of M" and the timer on a small screen. */}
      <div className="question-layout">
        <p className="proctor-notice" role="status">
          {notice ? NOTICES[notice] : ''}
        </p>
        <QuestionCard
          key={`${timed.view.position}`}
          timed={timed}
          token={token}
          error={error}
          onView={(view) => setTimed({ view, receivedAt: performance.now() })}
          onError={setError}
        />
      </div>
      <WithdrawConsent token={token} onWithdrawing={() => (withdrawing.current = true)} />
    </>
  );
}

const NOTICES: Record<string, string> = {
  face_not_visible:
    'We can’t see your face at the moment. Please sit facing the screen; your interview carries on.',
  camera_reconnecting:
    'The station is reconnecting its camera. Please carry on; your answers are being saved.',
  microphone_reconnecting:
    'The station is reconnecting its microphone. Please carry on; your answers are being saved.',
  storage_low:
    'The station is short of storage space and has paused recording. Please carry on; the coordinator has been told, and your saved answers are kept.',
};

function QuestionCard(props: {
  timed: Timed;
  token: string;
  error: string | null;
  onView: (view: SessionView) => void;
  onError: (message: string | null) => void;
}) {
  const { view, receivedAt } = props.timed;
  const question = view.question;
  const client = useTRPCClient();
  const heading = useScreenFocus<HTMLHeadingElement>(view.position);
  const saver = useDraftSaver(props.token, view.position);
  const remaining = useRemaining(view.remainingMs, receivedAt);
  const [busy, setBusy] = useState(false);
  const flushed = useRef(false);
  const answering = view.phase === 'answering';
  const recorded = question?.type === 'audio' || question?.type === 'video';

  useEffect(() => {
    if (answering && remaining <= FINAL_FLUSH_MS && !flushed.current) {
      flushed.current = true;
      void saver.flush();
    }
  }, [answering, remaining, saver]);

  if (!question) return null;
  const last = view.position + 1 === view.total;
  const act = async (call: () => Promise<SessionView>) => {
    setBusy(true);
    props.onError(null);
    try {
      props.onView(await call());
    } catch (failure) {
      props.onError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const submit = () =>
    act(async () => {
      await saver.flush();
      return client.candidate.submit.mutate({ token: props.token, position: view.position });
    });

  return (
    <section className="card question" aria-labelledby="question-title">
      <header className="question-header">
        <p className="progress-text">
          Question {view.position + 1} of {view.total}
        </p>
        <progress
          className="progress"
          max={view.total}
          value={view.position}
          aria-label={`${view.position} of ${view.total} questions answered`}
        />
        <Countdown label={answering ? 'Time to answer' : 'Reading time'} remainingMs={remaining} />
      </header>
      <h1 id="question-title" ref={heading} tabIndex={-1} className="prompt">
        {question.prompt}
      </h1>
      {!question.supported ? (
        <div className="unsupported" role="note">
          <p>
            This question asks for a spoken {question.type === 'video' ? 'video ' : ''}answer, and
            this station cannot record {question.type} answers yet. Nothing is lost by moving on:
            the recruiter will see that this question could not be answered here and may ask it
            another way.
          </p>
        </div>
      ) : !answering ? (
        <p className="help">
          {recorded
            ? 'Take a moment to read the question. Recording starts when the reading time ends, or now if you are ready.'
            : 'Take a moment to read the question. Answering starts when the reading time ends, or now if you are ready.'}
        </p>
      ) : recorded ? (
        <RecordingPanel
          view={view}
          token={props.token}
          busy={busy}
          onRetake={() =>
            act(() =>
              client.candidate.retake.mutate({ token: props.token, position: view.position }),
            )
          }
        />
      ) : question.type === 'mcq' ? (
        <McqAnswer
          options={question.options ?? []}
          initial={view.draft.choice}
          disabled={busy}
          onChoose={(choice) => saver.queue({ choice }, true)}
        />
      ) : (
        <TextAnswer
          initial={view.draft.text}
          disabled={busy}
          onType={(text) => saver.queue({ text })}
          onBlur={() => void saver.flush()}
        />
      )}
      {answering && question.supported && !recorded && <SaveIndicator status={saver.status} />}
      <div className="actions">
        {question.supported && !answering ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              act(() =>
                client.candidate.beginAnswering.mutate({
                  token: props.token,
                  position: view.position,
                }),
              )
            }
          >
            {recorded ? 'Start recording' : 'I am ready to answer'}
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={submit}>
            {!question.supported ? 'Continue' : last ? 'Submit and finish' : 'Submit answer'}
          </button>
        )}
      </div>
      <p role="alert" className="error">
        {props.error}
      </p>
    </section>
  );
}
