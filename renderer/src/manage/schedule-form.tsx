import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { useManageStore, type IssuedCode } from './manage-store';
import { ResumeUpload } from './resume-upload';
import {
  CheckboxField,
  ErrorText,
  FormActions,
  Panel,
  SelectField,
  TextArea,
  TextField,
  useRefreshManage,
} from './ui';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A week from now at 18:00 local time, as a datetime-local value. */
function defaultExpiry(): string {
  const at = new Date(Date.now() + 7 * DAY_MS);
  at.setHours(18, 0, 0, 0);
  return toLocalInput(at);
}

function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Schedules an interview: who, for which job, with which questionnaire, until when, and how.
 * Keyed on the candidate picked on the Candidates tab, so picking another starts afresh.
 */
export function ScheduleForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const { scheduleFor, openInvitation } = useManageStore();
  const candidates = useQuery(trpc.manage.listCandidates.queryOptions({ token }));
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  const questionnaires = useQuery(trpc.manage.listQuestionnaires.queryOptions({ token }));
  const defaults = useQuery(trpc.manage.scheduleDefaults.queryOptions({ token }));

  const [candidateId, setCandidateId] = useState(scheduleFor ? String(scheduleFor) : '');
  const [jobId, setJobId] = useState('');
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [expires, setExpires] = useState(defaultExpiry);
  const [extraTime, setExtraTime] = useState('0');
  const [notices, setNotices] = useState(true);
  const [aiScoring, setAiScoring] = useState(false);
  const [alternativePath, setAlternativePath] = useState<string | null>(null);
  const [scheduled, setScheduled] = useState<IssuedCode | null>(null);

  const fitting = (questionnaires.data ?? []).filter(
    (q) => q.questionCount > 0 && (q.jobId === null || String(q.jobId) === jobId),
  );
  // Follow the job: keep the questionnaire only while it still fits.
  const chosenQuestionnaire = fitting.some((q) => String(q.id) === questionnaireId)
    ? questionnaireId
    : String(fitting.find((q) => String(q.jobId) === jobId)?.id ?? fitting[0]?.id ?? '');

  const schedule = useMutation(
    trpc.manage.scheduleInterview.mutationOptions({
      onSuccess: async (result) => {
        setScheduled(result);
        await refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    schedule.mutate({
      token,
      interview: {
        candidateId: Number(candidateId),
        jobId: Number(jobId),
        questionnaireId: Number(chosenQuestionnaire),
        expiresAt: new Date(expires).getTime(),
        accommodations: { extraTimePercent: Number(extraTime), candidateNotices: notices },
        alternativePath: alternativePath ?? defaults.data?.alternativePath ?? '',
        aiScoring,
      },
    });
  };

  if (scheduled) {
    const name = candidates.data?.find((c) => String(c.id) === candidateId)?.fullName;
    return (
      <Panel title="Interview scheduled">
        <p role="status">
          {name ? `${name}’s` : 'The'} access code is
          <strong
            className="code big-code"
            aria-label={`Access code ${scheduled.accessCode.split('').join(' ')}`}
          >
            {scheduled.accessCode}
          </strong>
        </p>
        <p className="muted">Give it to the candidate on a printed invitation, or read it out.</p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => openInvitation(scheduled)}>
            Print invitation
          </button>
          <button
            type="button"
            onClick={() => {
              setScheduled(null);
              schedule.reset();
            }}
          >
            Schedule another
          </button>
        </div>
      </Panel>
    );
  }

  return (
    <Panel title="Schedule an interview">
      <form className="form" onSubmit={submit}>
        <SelectField
          label="Candidate"
          value={candidateId}
          onChange={setCandidateId}
          options={[
            { value: '', label: 'Choose a candidate…' },
            ...(candidates.data ?? []).map((c) => ({
              value: String(c.id),
              label: c.email ? `${c.fullName} (${c.email})` : c.fullName,
            })),
          ]}
        />
        {candidateId && (
          <ResumeUpload key={candidateId} token={token} candidateId={Number(candidateId)} />
        )}
        <SelectField
          label="Job"
          value={jobId}
          onChange={setJobId}
          options={[
            { value: '', label: 'Choose a job…' },
            ...(jobs.data ?? []).map((j) => ({ value: String(j.id), label: j.title })),
          ]}
        />
        <SelectField
          label="Questionnaire"
          value={chosenQuestionnaire}
          onChange={setQuestionnaireId}
          disabled={!jobId}
          options={
            fitting.length === 0
              ? [{ value: '', label: 'No questionnaire with questions for this job' }]
              : fitting.map((q) => ({
                  value: String(q.id),
                  label: `${q.title} (${q.questionCount} question${q.questionCount === 1 ? '' : 's'})`,
                }))
          }
        />
        <TextField
          label="Code valid until"
          type="datetime-local"
          value={expires}
          onChange={setExpires}
          hint={`At most ${defaults.data?.maxValidityDays ?? 180} days ahead`}
        />
        <fieldset className="checks">
          <legend>Accommodations and scoring</legend>
          <TextField
            label="Extra time (%)"
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            value={extraTime}
            onChange={setExtraTime}
            hint="0 to 100, added to every answer time"
          />
          <CheckboxField
            label="Show on-screen proctoring notices to the candidate"
            checked={notices}
            onChange={setNotices}
            hint="For example “we can’t see your face”. Turn off as an accommodation; events are still logged for review."
          />
          <CheckboxField
            label="Offer AI-assisted scoring"
            checked={aiScoring}
            onChange={setAiScoring}
            hint="The candidate is asked to agree to it separately."
          />
        </fieldset>
        <TextArea
          label="If the candidate declines recording, offer them"
          rows={3}
          value={alternativePath ?? defaults.data?.alternativePath ?? ''}
          onChange={setAlternativePath}
        />
        <FormActions
          submitLabel="Schedule interview"
          disabled={schedule.isPending || !candidateId || !jobId || !chosenQuestionnaire}
        />
        <ErrorText error={schedule.error} />
      </form>
    </Panel>
  );
}
