import { DONE_RETURN_MS } from './done-screen';
import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

// Twice the thank-you screen's time, to read the alternative path; a minute kept the next
// person waiting 45 s longer than after an interview.
const RETURN_AFTER_MS = 2 * DONE_RETURN_MS;

/** After a decline: the recruiter's alternative path, then back to the start. */
export function DeclinedScreen({ alternativePath }: { alternativePath: string }) {
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(RETURN_AFTER_MS);
  return (
    <section className="card" aria-labelledby="declined-title">
      <h1 id="declined-title" ref={heading} tabIndex={-1}>
        Thank you — nothing has been recorded
      </h1>
      <p>Your choice has been noted. {alternativePath}</p>
      <p className="help">
        This screen returns to the start by itself in {RETURN_AFTER_MS / 1000} seconds.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          Done
        </button>
      </div>
    </section>
  );
}
