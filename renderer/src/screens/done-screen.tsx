import { useTranslation } from 'react-i18next';
import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

export const DONE_RETURN_MS = 15_000;

/** The thank-you screen; the station then returns to the start with nothing left on screen. */
export function DoneScreen() {
  const { t } = useTranslation();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(DONE_RETURN_MS);
  return (
    <section className="card done" aria-labelledby="done-title">
      <h1 id="done-title" ref={heading} tabIndex={-1}>
        {t('done.title')}
      </h1>
      <p>{t('done.body')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          {t('done.finish')}
        </button>
      </div>
    </section>
  );
}
