import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { formatDate, formatDateTime, optionsWithBlank, STATUS_LABELS } from './labels';
import { useManageStore, type IssuedCode } from './manage-store';
import { ScheduleForm } from './schedule-form';
import type { Interview, InterviewStatus } from './types';
import { DataTable, ErrorText, Panel, SelectField, useRefreshManage } from './ui';

/**
 * Scheduled interviews: schedule one, see states and when each code was issued, cancel, or
 * issue a new code and print its invitation (a code is shown only when issued).
 */
export function InterviewsTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<InterviewStatus | ''>('');
  const list = useQuery(
    trpc.manage.listInterviews.queryOptions({ token, ...(status ? { status } : {}) }),
  );
  const { openInvitation, scheduleFor } = useManageStore();

  return (
    <div className="manage-grid">
      <Panel title="Interviews">
        <div className="filters">
          <SelectField<InterviewStatus | ''>
            label="Status"
            value={status}
            onChange={setStatus}
            options={optionsWithBlank('All', STATUS_LABELS)}
          />
        </div>
        <DataTable
          query={list}
          emptyText="No interviews here yet."
          columns={['Candidate', 'Job', 'Access code', 'Status', 'Code expires']}
        >
          {(rows) =>
            rows.map((i) => (
              <InterviewRow key={i.id} token={token} interview={i} onReissued={openInvitation} />
            ))
          }
        </DataTable>
      </Panel>
      <ScheduleForm key={scheduleFor ?? 'none'} token={token} />
    </div>
  );
}

function InterviewRow({
  token,
  interview: i,
  onReissued,
}: {
  token: string;
  interview: Interview;
  onReissued(issued: IssuedCode): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.manage.cancelInterview.mutationOptions({
      onSuccess: refresh,
      onSettled: () => setConfirming(false),
    }),
  );
  const [confirmingCode, setConfirmingCode] = useState(false);
  const reissue = useMutation(
    trpc.manage.reissueAccessCode.mutationOptions({
      onSuccess: async (issued) => {
        await refresh();
        onReissued(issued);
      },
      onSettled: () => setConfirmingCode(false),
    }),
  );
  const open = i.status === 'scheduled' || i.status === 'checked_in';
  return (
    <tr>
      <th scope="row">
        {i.candidateName}
        {i.isDemo && (
          <span className="tags">
            <span className="badge muted-badge">Demo</span>
          </span>
        )}
        <span className="muted small block">{i.questionnaireTitle}</span>
      </th>
      <td>{i.jobTitle}</td>
      <td>
        <span className="muted">Code issued {formatDate(i.codeIssuedAt)}</span>
      </td>
      <td>
        <span className={`status status-${i.expired ? 'expired' : i.status}`}>
          {i.expired ? 'Code expired' : STATUS_LABELS[i.status]}
        </span>
      </td>
      <td className="nowrap">{formatDateTime(i.expiresAt)}</td>
      <td className="row-actions">
        {open &&
          !i.expired &&
          (confirmingCode ? (
            <span
              className="confirm"
              role="group"
              aria-label={`Give ${i.candidateName} a new code? The one issued before stops working.`}
            >
              <button
                type="button"
                className="primary"
                disabled={reissue.isPending}
                onClick={() => reissue.mutate({ token, interviewId: i.id })}
              >
                Yes, new code
              </button>
              <button type="button" onClick={() => setConfirmingCode(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              title="Issue a new code to print; the one issued before stops working."
              onClick={() => setConfirmingCode(true)}
            >
              New code<span className="visually-hidden"> for {i.candidateName}</span>
            </button>
          ))}
        {open &&
          (confirming ? (
            <span
              className="confirm"
              role="group"
              aria-label={`Cancel ${i.candidateName}’s interview?`}
            >
              <button
                type="button"
                className="danger"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate({ token, interviewId: i.id })}
              >
                Yes, cancel it
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Cancel<span className="visually-hidden"> {i.candidateName}’s interview</span>
            </button>
          ))}
        {cancel.error && <ErrorText error={cancel.error} />}
        {reissue.error && <ErrorText error={reissue.error} />}
      </td>
    </tr>
  );
}
