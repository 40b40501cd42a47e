import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../shared/enums';
import { useTRPC } from '../trpc';
import { ScreeningFit } from './screening-fit';
import type { Candidate } from './types';
import { ErrorText, Panel, SelectField } from './ui';

/**
 * A candidate's résumé screenings: score, the skills found (with the line each is on) and
 * missing, years, the reasons, and the suggested status, which staff accept or change. The
 * score is a suggestion only; the status staff set is what counts.
 */
export function CandidateScreening({
  token,
  candidate,
  onClose,
}: {
  token: string;
  candidate: Candidate;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(
    trpc.screening.forCandidate.queryOptions({ token, candidateId: candidate.id }),
  );
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  const fitAvailable = useQuery(trpc.screening.fitAvailable.queryOptions({ token }));
  const [jobId, setJobId] = useState('');
  const refresh = () => queryClient.invalidateQueries();
  const screen = useMutation(trpc.screening.screen.mutationOptions({ onSuccess: refresh }));
  const decide = useMutation(trpc.screening.decide.mutationOptions({ onSuccess: refresh }));
  const screenable = (jobs.data ?? []).filter(
    (j) => (j.requirements?.requirements.length ?? 0) > 0,
  );

  return (
    <Panel
      title={`Résumé screening: ${candidate.fullName}`}
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <div className="screening-run">
        <SelectField
          label="Job to screen for"
          value={jobId}
          onChange={setJobId}
          options={[
            { value: '', label: 'Choose a job with requirements' },
            ...screenable.map((j) => ({ value: String(j.id), label: j.title })),
          ]}
        />
        <button
          type="button"
          disabled={!jobId || screen.isPending}
          onClick={() => screen.mutate({ token, candidateId: candidate.id, jobId: Number(jobId) })}
        >
          Screen résumé
        </button>
      </div>
      <ErrorText error={screen.error ?? decide.error ?? list.error} />
      {list.data?.length === 0 && <p className="muted">Not screened for any job yet.</p>}
      {list.data?.map((s) => (
        <article key={s.id} className="screening-result" aria-label={`Screening for ${s.jobTitle}`}>
          <h3>
            {s.jobTitle}: {s.score}/100
          </h3>
          <p>
            Suggested: <strong>{s.suggestedStatus}</strong>
            {s.acceptedStatus && (
              <>
                {' '}
                · Set by staff: <strong>{s.acceptedStatus}</strong>
              </>
            )}
            {s.result.years !== undefined && <> · about {s.result.years} years of experience</>}
          </p>
          <h4>Found</h4>
          {s.result.keywordsFound.length === 0 ? (
            <p className="muted">None of the skills.</p>
          ) : (
            <ul>
              {s.result.keywordsFound.map((k) => (
                <li key={k.skill}>
                  <strong>{k.skill}</strong>
                  {k.term !== k.skill && ` (as “${k.term}”)`} in {k.section}: <q>{k.evidence}</q>
                </li>
              ))}
            </ul>
          )}
          <h4>Missing</h4>
          <p>
            {s.result.keywordsMissing.length ? s.result.keywordsMissing.join(', ') : 'Nothing.'}
          </p>
          <ul className="muted">
            {s.result.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <ScreeningFit
            token={token}
            screeningId={s.id}
            fit={s.fit}
            available={fitAvailable.data?.available ?? false}
          />
          <StatusDecision
            suggested={s.suggestedStatus}
            disabled={decide.isPending}
            onDecide={(status) => decide.mutate({ token, screeningId: s.id, status })}
          />
        </article>
      ))}
    </Panel>
  );
}

function StatusDecision({
  suggested,
  disabled,
  onDecide,
}: {
  suggested: ApplicationStatus;
  disabled: boolean;
  onDecide(status: ApplicationStatus): void;
}) {
  const [other, setOther] = useState<ApplicationStatus>(suggested);
  return (
    <div className="screening-decision">
      <button
        type="button"
        className="primary"
        disabled={disabled}
        onClick={() => onDecide(suggested)}
      >
        Accept “{suggested}”
      </button>
      <SelectField<ApplicationStatus>
        label="Or set another status"
        value={other}
        onChange={setOther}
        options={APPLICATION_STATUSES.map((s) => ({ value: s, label: s }))}
      />
      <button
        type="button"
        disabled={disabled || other === suggested}
        onClick={() => onDecide(other)}
      >
        Set “{other}”
      </button>
    </div>
  );
}
