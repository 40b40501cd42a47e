import type { CheckInResult } from '../state/candidate-store';
import { useCandidateStore } from '../state/candidate-store';
import { useReturnToAttract } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

/** Confirms who is checking in and what lies ahead before the notice. */
export function WelcomeScreen({ checkIn }: { checkIn: CheckInResult }) {
  const heading = useScreenFocus<HTMLHeadingElement>();
  const showConsent = useCandidateStore((state) => state.showConsent);
  const leave = useReturnToAttract();
  const { interview } = checkIn;
  return (
    <section className="card" aria-labelledby="welcome-title">
      <h1 id="welcome-title" ref={heading} tabIndex={-1}>
        Hello, {interview.candidateName}
      </h1>
      <dl className="facts">
        <dt>Role</dt>
        <dd>{interview.jobTitle}</dd>
        <dt>Questions</dt>
        <dd>{interview.questionCount}</dd>
        <dt>Expected time</dt>
        <dd>about {interview.expectedMinutes} minutes</dd>
        {interview.extraTimePercent > 0 && (
          <>
            <dt>Extra time</dt>
            <dd>{interview.extraTimePercent}% more time on every answer</dd>
          </>
        )}
      </dl>
      <p>
        Each question has a short reading time, then a time limit for your answer. A clock on screen
        shows how long you have. Your answers are saved as you go.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={showConsent}>
          Continue
        </button>
        <button type="button" onClick={leave}>
          This is not me
        </button>
      </div>
    </section>
  );
}
