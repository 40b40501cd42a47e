import type { WithdrawResult } from '../state/candidate-store';
import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

const RETURN_AFTER_MS = 60_000;

/** After a withdrawal: recording has stopped, and what happens to the answers so far. */
export function WithdrawnScreen({ result }: { result: WithdrawResult }) {
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(RETURN_AFTER_MS);
  return (
    <section className="card" aria-labelledby="withdrawn-title">
      <h1 id="withdrawn-title" ref={heading} tabIndex={-1}>
        Your consent is withdrawn — recording has stopped
      </h1>
      <p>
        The interview has ended and nothing more is recorded or computed.{' '}
        {result.erasureRequested
          ? 'We have recorded your request to delete everything from this interview, including the recording; it will be deleted and not used for your application.'
          : 'The answers you gave so far are kept for your application, and the recruiter will see that you withdrew.'}
      </p>
      <p>If you have questions, the recruiter or the front desk can help.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          Done
        </button>
      </div>
    </section>
  );
}
