import { useTranslation } from 'react-i18next';
import { formatDuration } from '../i18n/format';
import { DONE_RETURN_MS } from './done-screen';
import { useReturnToAttractAfter } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

// Twice the thank-you screen's time, to read the alternative path; a minute kept the next
// person waiting 45 s longer than after an interview.
const RETURN_AFTER_MS = 2 * DONE_RETURN_MS;

/** After a decline: the recruiter's alternative path, then back to the start. */
export function DeclinedScreen({ alternativePath }: { alternativePath: string }) {
  const { t, i18n } = useTranslation();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const leave = useReturnToAttractAfter(RETURN_AFTER_MS);
  return (
    <section className="card" aria-labelledby="declined-title">
      <h1 id="declined-title" ref={heading} tabIndex={-1}>
        {t('declined.title')}
      </h1>
      <p>
        {t('declined.noted')} {alternativePath}
      </p>
      <p className="help">
        {t('declined.returns', {
          duration: formatDuration(RETURN_AFTER_MS / 1000, 'second', i18n.language),
        })}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={leave}>
          {t('declined.done')}
        </button>
      </div>
    </section>
  );
}
