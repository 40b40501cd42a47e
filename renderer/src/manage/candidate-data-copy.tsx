import { useMutation, useQuery } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { stationFileUrl } from '../review/station-files';
import { useTRPC } from '../trpc';
import type { Candidate } from './types';
import { Panel } from './ui';

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * A copy of everything the station holds about one candidate (their right of access): made
 * in the background, its progress shown, then one zip to download within the hour.
 */
export function CandidateDataCopy({
  token,
  candidate,
  onClose,
}: {
  token: string;
  candidate: Candidate;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const start = useMutation(trpc.manage.exportCandidateData.mutationOptions());
  const jobId = start.data?.jobId;
  const progress = useQuery({
    ...trpc.manage.candidateDataProgress.queryOptions({ token, jobId: jobId ?? '' }),
    enabled: jobId !== undefined,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false),
  });
  const job = progress.data;
  const percent =
    job && job.bytesTotal > 0 ? Math.round((100 * job.bytesDone) / job.bytesTotal) : null;

  return (
    <Panel title={`Copy of ${candidate.fullName}'s data`}>
      <p>
        One zip file with every record the station holds about {candidate.fullName}: their
        interviews, consents, answers, scores, decisions, events, transcripts, recordings and each
        interview&apos;s report. Give it only to the candidate, after checking who asks.
      </p>
      {!jobId && (
        <div className="form-actions">
          <button
            type="button"
            className="primary"
            disabled={start.isPending}
            onClick={() => start.mutate({ token, candidateId: candidate.id })}
          >
            Make the copy
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      )}
      {job?.state === 'running' && (
        <div>
          <label htmlFor="candidate-copy-progress">Copying…</label>{' '}
          <progress
            id="candidate-copy-progress"
            max={Math.max(job.bytesTotal, 1)}
            value={job.bytesDone}
            aria-valuetext={`${job.entriesDone} of ${job.entriesTotal} parts, ${mib(job.bytesDone)} of ${mib(job.bytesTotal)}`}
          />{' '}
          <span className="muted">{percent === null ? '' : `${percent} %`}</span>
        </div>
      )}
      <div aria-live="polite">
        {job?.state === 'done' && job.exportId && (
          <p role="status">
            The copy is ready ({mib(job.bytesTotal)} of files, {job.entriesTotal} parts).{' '}
            <a
              className="download"
              href={stationFileUrl('exports', job.exportId)}
              download={job.fileName ?? 'candidate-data.zip'}
            >
              Download {job.fileName}
            </a>{' '}
            It can be downloaded for one hour.
          </p>
        )}
      </div>
      {job?.state === 'failed' && (
        <p role="alert" className="error">
          {job.message}
        </p>
      )}
      {(start.isError || progress.isError) && (
        <p role="alert" className="error">
          {messageOf(start.error ?? progress.error)}
        </p>
      )}
      {jobId && (
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </Panel>
  );
}
