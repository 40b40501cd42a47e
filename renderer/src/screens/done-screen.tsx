import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

export const DONE_RETURN_MS = 15_000;

/** The thank-you screen; the station then returns to the start with nothing left on screen. */
export function DoneScreen() {
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(DONE_RETURN_MS);
  return (
    <section className="card done" aria-labelledby="done-title">
      <h1 id="done-title" ref={heading} tabIndex={-1}>
        Thank you — your interview is complete
      </h1>
      <p>
        All your answers are saved. The recruiter will be in touch. You can leave the station now;
        it will return to the start screen in a moment.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          Finish
        </button>
      </div>
    </section>
  );
}
