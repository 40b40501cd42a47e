import { useTranslation } from 'react-i18next';
import type { WithdrawResult } from '../state/candidate-store';
import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

const RETURN_AFTER_MS = 60_000;

/** After a withdrawal: recording has stopped, and what happens to the answers so far. */
export function WithdrawnScreen({ result }: { result: WithdrawResult }) {
  const { t } = useTranslation();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(RETURN_AFTER_MS);
  return (
    <section className="card" aria-labelledby="withdrawn-title">
      <h1 id="withdrawn-title" ref={heading} tabIndex={-1}>
        {t('withdrawn.title')}
      </h1>
      <p>
        {t('withdrawn.ended')}{' '}
        {result.erasureRequested ? t('withdrawn.erasure') : t('withdrawn.kept')}
      </p>
      <p>{t('withdrawn.help')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          {t('withdrawn.done')}
        </button>
      </div>
    </section>
  );
}
