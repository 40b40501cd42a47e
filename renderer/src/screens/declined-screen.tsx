import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

const RETURN_AFTER_MS = 60_000;

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
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          Done
        </button>
      </div>
    </section>
  );
}
