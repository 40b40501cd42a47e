import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import type { Candidate } from './types';
import { Panel, TextField, useRefreshManage } from './ui';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Erasing a candidate on their request (admins): what goes is said first, and the candidate's
 * name must be typed, since nothing brings it back.
 */
export function CandidateErase({
  token,
  candidate,
  onClose,
}: {
  token: string;
  candidate: Candidate;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const [typed, setTyped] = useState('');
  const preview = useQuery(
    trpc.privacy.erasurePreview.queryOptions({ token, candidateId: candidate.id }),
  );
  const erase = useMutation(trpc.privacy.eraseCandidate.mutationOptions({ onSuccess: refresh }));
  const p = preview.data;

  if (erase.isSuccess) {
    return (
      <Panel title={`${candidate.fullName} erased`}>
        <p role="status">
          Everything the station held about them is deleted (
          {plural(erase.data.files, 'file', 'files')}
          ); only anonymous counts remain for statistics. The audit log records the erasure.
        </p>
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </Panel>
    );
  }
  return (
    <Panel title={`Erase ${candidate.fullName}`}>
      {p ? (
        <p>
          Erasing deletes {plural(p.interviews, 'interview', 'interviews')},{' '}
          {plural(p.sessions, 'session', 'sessions')} and{' '}
          {plural(p.mediaFiles, 'recording or picture', 'recordings and pictures')}, with every
          answer, score, decision, transcript, signal and consent record of them, and the
          candidate&apos;s name and email. Anonymous counts stay for statistics. This cannot be
          undone; make a copy of their data first if they asked for one.
        </p>
      ) : (
        <p className="muted">Counting what would be erased…</p>
      )}
      {p?.running && (
        <p role="alert" className="error">
          They are taking an interview now: erase them once it has ended.
        </p>
      )}
      {p && p.held > 0 && (
        <p role="alert" className="error">
          {plural(p.held, 'interview is', 'interviews are')} under a legal hold: an admin must lift
          the hold first.
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          erase.mutate({ token, candidateId: candidate.id, confirmName: typed });
        }}
      >
        <TextField
          label={`Type “${candidate.fullName}” to confirm`}
          value={typed}
          onChange={setTyped}
          autoComplete="off"
        />
        {erase.isError && (
          <p role="alert" className="error">
            {messageOf(erase.error)}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="danger"
            disabled={erase.isPending || !p || p.running || p.held > 0}
          >
            {erase.isPending ? 'Erasing…' : `Erase ${candidate.fullName}`}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}
