import { useQuery } from '@tanstack/react-query';
import { useScreenFocus } from '../screens/use-screen-focus';
import { useTRPC } from '../trpc';
import { formatDateTime } from './labels';
import { ErrorText } from './ui';

/**
 * A printable invitation with the access code just issued (the station does not keep the
 * code, so it comes from the screen that issued it). Printing uses the page's own print
 * (Chromium in the browser station, Electron's in the app); the print style shows only the sheet.
 */
export function InvitationView({
  token,
  interviewId,
  accessCode,
  onClose,
}: {
  token: string;
  interviewId: number;
  accessCode: string;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const invitation = useQuery(trpc.manage.invitation.queryOptions({ token, interviewId }));
  const heading = useScreenFocus<HTMLHeadingElement>(invitation.data?.interviewId);
  const data = invitation.data;
  return (
    <div className="invitation-screen">
      <div className="invitation-toolbar">
        <button type="button" className="primary" disabled={!data} onClick={() => window.print()}>
          Print
        </button>
        <button type="button" onClick={onClose}>
          Back to interviews
        </button>
      </div>
      {invitation.isPending && <p>Loading…</p>}
      <ErrorText error={invitation.error} />
      {data && (
        <article className="invitation" aria-labelledby="invitation-title">
          <p className="invitation-station">{data.stationName}</p>
          <h1 id="invitation-title" tabIndex={-1} ref={heading}>
            Interview invitation
          </h1>
          <p className="invitation-lead">
            Dear {data.candidateName}, you are invited to an on-site interview for the role of{' '}
            <strong>{data.jobTitle}</strong>.
          </p>
          <div className="invitation-code">
            <span>Your interview code</span>
            <strong className="code">{accessCode}</strong>
            <span>Valid until {formatDateTime(data.expiresAt)}</span>
          </div>
          <dl className="facts invitation-facts">
            <dt>Questions</dt>
            <dd>{data.questionCount}</dd>
            <dt>Expected time</dt>
            <dd>about {data.expectedMinutes} minutes</dd>
            {data.accommodations.extraTimePercent > 0 && (
              <>
                <dt>Extra time</dt>
                <dd>{data.accommodations.extraTimePercent}% more time on every answer</dd>
              </>
            )}
          </dl>
          <h2>On the day</h2>
          <ol className="invitation-steps">
            <li>At the interview station, type the code above on the start screen.</li>
            <li>
              The station tells you what it records and why, and asks for your agreement. If you
              prefer not to be recorded, you will be offered another way to interview.
            </li>
            <li>
              Each question has a short reading time and then a time limit for your answer, shown on
              screen. Your answers are saved as you go.
            </li>
          </ol>
          <p className="invitation-foot">
            Keep this code to yourself: it works once, for you only.
          </p>
        </article>
      )}
    </div>
  );
}
