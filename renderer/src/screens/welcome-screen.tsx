import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { formatDuration, formatPercent } from '../i18n/format';
import type { CheckInResult } from '../state/candidate-store';
import { useCandidateStore } from '../state/candidate-store';
import { useReturnToAttract } from './use-return-to-attract';
import { useScreenFocus } from './use-screen-focus';

/** Confirms who is checking in and what lies ahead before the notice. */
export function WelcomeScreen({ checkIn }: { checkIn: CheckInResult }) {
  const { t, i18n } = useTranslation();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const showConsent = useCandidateStore((state) => state.showConsent);
  const leave = useReturnToAttract();
  const { interview } = checkIn;
  const language = i18n.language;
  return (
    <section className="card" aria-labelledby="welcome-title">
      <div className="language-choice">
        <label htmlFor="language">{t('language.label')}</label>
        <select
          id="language"
          value={language}
          onChange={(event) => void i18n.changeLanguage(event.target.value)}
        >
          {LANGUAGES.map((code: Language) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </div>
      <h1 id="welcome-title" ref={heading} tabIndex={-1}>
        {t('welcome.hello', { name: interview.candidateName })}
      </h1>
      <dl className="facts">
        <dt>{t('welcome.role')}</dt>
        <dd>{interview.jobTitle}</dd>
        <dt>{t('welcome.questions')}</dt>
        <dd>{new Intl.NumberFormat(language).format(interview.questionCount)}</dd>
        <dt>{t('welcome.expectedTime')}</dt>
        <dd>
          {t('welcome.about', {
            duration: formatDuration(interview.expectedMinutes, 'minute', language),
          })}
        </dd>
        {interview.extraTimePercent > 0 && (
          <>
            <dt>{t('welcome.extraTime')}</dt>
            <dd>
              {t('welcome.extraTimeValue', {
                percent: formatPercent(interview.extraTimePercent, language),
              })}
            </dd>
          </>
        )}
      </dl>
      <p>{t('welcome.explain')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={showConsent}>
          {t('welcome.continue')}
        </button>
        <button type="button" onClick={leave}>
          {t('welcome.notMe')}
        </button>
      </div>
    </section>
  );
}
