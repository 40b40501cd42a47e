import { dateTime, type SessionDetail } from './format';

type Decline = NonNullable<SessionDetail['declined']>;

/**
 * Tells the reviewer the candidate declined the consent notice and what the station offered
 * them instead: a decline is a choice the notice allows, not an interview that never happened.
 */
export function DeclinedBanner({ declined }: { declined: Decline }) {
  return (
    <div className="banner banner-declined" role="note" aria-label="Consent declined">
      <strong>
        Declined: the candidate did not agree to the consent notice
        {declined.at > 0 ? ` (${dateTime(declined.at)})` : ''}, so nothing was recorded.
      </strong>{' '}
      The station offered another way to be assessed: <q>{declined.alternativePath}</q>
    </div>
  );
}
