import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  RESUME_PART_BYTES,
  resumeReadLine,
  type ResumeUploadAnswer,
} from '../../../shared/resume-upload';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { formatDate } from './labels';

/** base64 of some bytes, in slices: one spread of a 512 KiB array would overflow the stack. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function newUploadId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  return `upload-${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

type Status =
  | { state: 'idle' }
  | { state: 'sending'; sent: number; total: number }
  | { state: 'done'; answer: ResumeUploadAnswer }
  | { state: 'failed'; message: string };

/**
 * A candidate's résumé on a staff screen: choose a PDF or Word file, watch it go up in parts,
 * then read what the station made of it (or why it could not), and the text kept. The file is
 * read by the station, never here; only its bytes are sent.
 */
export function ResumeUpload({ token, candidateId }: { token: string; candidateId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const stored = useQuery(trpc.manage.candidateResume.queryOptions({ token, candidateId }));
  const sendPart = useMutation(trpc.manage.uploadResumePart.mutationOptions());

  const upload = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const uploadId = newUploadId();
    setStatus({ state: 'sending', sent: 0, total: bytes.length });
    try {
      let answer: ResumeUploadAnswer = { kind: 'partial', received: 0 };
      // An empty file is still sent once, so the station says what is wrong with it.
      for (let offset = 0; offset < Math.max(bytes.length, 1); offset += RESUME_PART_BYTES) {
        answer = await sendPart.mutateAsync({
          token,
          candidateId,
          uploadId,
          fileName: file.name,
          totalBytes: Math.max(bytes.length, 1),
          offset,
          data: base64Of(bytes.subarray(offset, offset + RESUME_PART_BYTES)) || 'AA==',
        });
        if (answer.kind !== 'partial') break;
        setStatus({ state: 'sending', sent: answer.received, total: bytes.length });
      }
      setStatus({ state: 'done', answer });
      if (answer.kind === 'text') {
        await queryClient.invalidateQueries({
          queryKey: trpc.manage.candidateResume.queryKey({ token, candidateId }),
        });
      }
    } catch (error) {
      setStatus({ state: 'failed', message: messageOf(error) });
    }
  };

  const resume = stored.data;
  return (
    <div className="resume-upload">
      <label htmlFor={inputId}>Résumé (PDF or Word, up to 10 MB)</label>{' '}
      <input
        id={inputId}
        type="file"
        accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        disabled={status.state === 'sending'}
        aria-busy={status.state === 'sending'}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void upload(file);
        }}
      />
      {status.state === 'sending' && (
        <div>
          <label htmlFor={`${inputId}-progress`}>Uploading and reading…</label>{' '}
          <progress
            id={`${inputId}-progress`}
            max={Math.max(status.total, 1)}
            value={status.sent}
          />
        </div>
      )}
      <div aria-live="polite">
        {status.state === 'done' && status.answer.kind === 'text' && (
          <p role="status" className="saved">
            {resumeReadLine(status.answer)}
          </p>
        )}
        {status.state === 'done' && status.answer.kind === 'refused' && (
          <p role="alert" className="error">
            {status.answer.reason}
          </p>
        )}
        {status.state === 'failed' && (
          <p role="alert" className="error">
            {status.message}
          </p>
        )}
      </div>
      {resume && (
        <details>
          <summary>
            Résumé text: {resume.fileName}, uploaded {formatDate(resume.uploadedAt)} (
            {resumeReadLine(resume)})
          </summary>
          <pre className="resume-text">{resume.text}</pre>
        </details>
      )}
    </div>
  );
}
