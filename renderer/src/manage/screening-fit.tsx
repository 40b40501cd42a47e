import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ResumeFit } from '../../../shared/job-requirements';
import { useTRPC } from '../trpc';
import { ErrorText } from './ui';

/**
 * Gemini's summary of how a résumé fits the job, under the offline screening it adds words
 * to (never a score or a status). Asked for by staff, only where a key is configured; what
 * was taken out of the résumé before sending is said in counts.
 */
export function ScreeningFit({
  token,
  screeningId,
  fit,
  available,
}: {
  token: string;
  screeningId: number;
  fit: ResumeFit | null;
  available: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ask = useMutation(
    trpc.screening.summariseFit.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  if (!fit && !available) return null;
  const removed = fit ? Object.values(fit.removed).reduce((sum, n) => sum + n, 0) : 0;
  return (
    <section className="screening-fit" aria-label="Summary of fit">
      <h4>Summary of fit</h4>
      {fit ? (
        <>
          <p>{fit.summary}</p>
          {fit.strengths.length > 0 && (
            <p>
              <strong>Strengths:</strong> {fit.strengths.join('; ')}
            </p>
          )}
          {fit.gaps.length > 0 && (
            <p>
              <strong>Gaps:</strong> {fit.gaps.join('; ')}
            </p>
          )}
          {fit.instructionsInResume && (
            <p className="warning">
              The résumé held text addressed to the AI; it was told to ignore it.
            </p>
          )}
          <p className="muted">
            By Gemini ({fit.model}) from the résumé with {removed} contact detail
            {removed === 1 ? '' : 's'} taken out first. A summary to read, not a decision.
          </p>
        </>
      ) : (
        <p className="muted">
          Gemini can add a short summary of fit. The candidate’s name, e-mail, phone numbers, links
          and address are taken out of the résumé before it is sent.
        </p>
      )}
      {available && (
        <button
          type="button"
          disabled={ask.isPending}
          onClick={() => ask.mutate({ token, screeningId })}
        >
          {ask.isPending
            ? 'Asking Gemini…'
            : fit
              ? 'Ask Gemini again'
              : 'Ask Gemini for a summary of fit'}
        </button>
      )}
      <div role="status" aria-live="polite">
        {ask.data?.reason && <p className="warning">{ask.data.reason}.</p>}
      </div>
      <ErrorText error={ask.error} />
    </section>
  );
}
