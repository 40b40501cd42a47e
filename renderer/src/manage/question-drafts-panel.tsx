import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { DraftCard } from './question-draft-card';
import type { DraftsList, Job } from './types';
import { ErrorText, Panel, SelectField, TextField } from './ui';

type Level = 'junior' | 'mid' | 'senior';
type Provider = 'offline' | 'gemini';

const LEVEL_OPTIONS: { value: Level; label: string }[] = [
  { value: 'junior', label: 'Junior' },
  { value: 'mid', label: 'Mid-level' },
  { value: 'senior', label: 'Senior' },
];
const MAX_PROPOSED = 12;

/** What a proposal did, in one line for the live region. */
function outcomeText(list: DraftsList, proposed: number): string {
  const who = list.lastOutcome?.provider === 'gemini' ? 'by Gemini' : 'offline from the bank';
  const drafts = `${proposed} draft${proposed === 1 ? '' : 's'}`;
  return `Proposed ${drafts} ${who}.`;
}

/**
 * Questions proposed for a job: choose the level, how many and who proposes (offline from the
 * bank, or Gemini where a key is configured); then see which requirement each draft covers,
 * and edit, accept into the bank or discard each. Nothing enters the bank until accepted.
 */
export function QuestionDraftsPanel({
  token,
  job,
  onClose,
}: {
  token: string;
  job: Job;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.screening.questionDrafts.queryOptions({ token, jobId: job.id }));
  const [level, setLevel] = useState<Level>('mid');
  const [count, setCount] = useState('5');
  const [provider, setProvider] = useState<Provider>('offline');
  const [announcement, setAnnouncement] = useState('');
  const refresh = () => queryClient.invalidateQueries();
  const propose = useMutation(
    trpc.screening.proposeQuestions.mutationOptions({
      onSuccess: async (result) => {
        const before = new Set(list.data?.drafts.map((d) => d.id));
        const fresh = result.drafts.filter((d) => !before.has(d.id)).length;
        setAnnouncement(outcomeText(result, fresh));
        queryClient.setQueryData(
          trpc.screening.questionDrafts.queryKey({ token, jobId: job.id }),
          result,
        );
        await refresh();
      },
    }),
  );
  const hasRequirements = (job.requirements?.requirements.length ?? 0) > 0;
  const geminiConfigured = list.data?.geminiConfigured ?? false;
  const fallbackReason = list.data?.lastOutcome?.fallbackReason ?? null;
  const drafts = list.data?.drafts ?? [];
  const coverageId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    propose.mutate({ token, jobId: job.id, level, count: Number(count), provider });
  };

  return (
    <Panel
      title={`Propose questions: ${job.title}`}
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {!hasRequirements && (
        <p className="note">
          This job has no requirements yet. Edit the job and add the skills it asks for; the
          questions are proposed to cover them.
        </p>
      )}
      <form className="form drafts-run" onSubmit={submit} aria-label="Propose questions">
        <div className="form-row">
          <SelectField<Level>
            label="Level"
            value={level}
            onChange={setLevel}
            options={LEVEL_OPTIONS}
          />
          <TextField
            label="How many"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PROPOSED}
            value={count}
            onChange={setCount}
            hint={`1 to ${MAX_PROPOSED}`}
          />
        </div>
        <SelectField<Provider>
          label="Proposed by"
          value={provider}
          onChange={setProvider}
          options={[
            { value: 'offline', label: 'Offline (question bank)' },
            {
              value: 'gemini',
              label: geminiConfigured ? 'Gemini' : 'Gemini (no API key configured)',
              disabled: !geminiConfigured,
            },
          ]}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="primary"
            disabled={!hasRequirements || propose.isPending}
            aria-busy={propose.isPending}
          >
            {propose.isPending ? 'Proposing…' : 'Propose'}
          </button>
        </div>
        <ErrorText error={propose.error ?? list.error} />
      </form>

      <div aria-live="polite" className="drafts-outcome">
        {announcement && <p>{announcement}</p>}
        {fallbackReason && (
          <p className="note">
            <strong>Offline stood in for Gemini.</strong> {fallbackReason}
          </p>
        )}
      </div>

      {hasRequirements && (
        <>
          <h3 id={coverageId}>Coverage of the requirements</h3>
          <table className="data-table coverage" aria-labelledby={coverageId}>
            <thead>
              <tr>
                <th scope="col">Requirement</th>
                <th scope="col">Covered by</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.coverage ?? []).map((row) => (
                <tr key={row.skill}>
                  <th scope="row">
                    {row.skill}
                    {row.mustHave && <span className="badge tag-gap">Must-have</span>}
                  </th>
                  <td>
                    {row.draftIds.length === 0 && row.questionIds.length === 0 ? (
                      <span className="muted">Not covered</span>
                    ) : (
                      [
                        ...row.draftIds.map((id) => `Draft ${id}`),
                        ...row.questionIds.map((id) => `Question ${id} (in the bank)`),
                      ].join(', ')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h3>Drafts</h3>
      {list.isLoading && <p className="muted">Loading…</p>}
      {list.data && drafts.length === 0 && (
        <p className="muted">No drafts waiting. Propose some to review them here.</p>
      )}
      {drafts.map((draft) => (
        <DraftCard
          key={draft.id}
          token={token}
          draft={draft}
          onDecided={(message) => {
            setAnnouncement(message);
            return refresh();
          }}
        />
      ))}
    </Panel>
  );
}
