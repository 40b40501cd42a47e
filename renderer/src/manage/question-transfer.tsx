import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTRPC } from '../trpc';
import type { ImportResult, QuestionFilter } from './types';
import { ErrorText, Panel, useRefreshManage } from './ui';

const MAX_FILE_BYTES = 800_000;

/** Export the (filtered) bank as JSON, or import a JSON file: all of it, or nothing. */
export function QuestionTransfer({ token, filter }: { token: string; filter: QuestionFilter }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<ImportResult | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const exporter = useMutation(
    trpc.manage.exportQuestions.mutationOptions({
      onSuccess: (file) => {
        const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = `questions-${file.exportedAt.slice(0, 10)}.json`;
        document.body.append(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(url);
      },
    }),
  );
  const importer = useMutation(
    trpc.manage.importQuestions.mutationOptions({
      onSuccess: async (result) => {
        setReport(result);
        if (result.ok) await refresh();
      },
    }),
  );

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Choosing the same file again, after fixing it, should import it again.
    if (input.current) input.current.value = '';
    setReport(null);
    setReadError(null);
    importer.reset();
    if (!file) return;
    setFileName(file.name);
    // The station refuses larger files anyway; saying so here avoids sending them at all.
    if (file.size > MAX_FILE_BYTES) {
      setReadError(
        `“${file.name}” is too large to import (800 kB at most); split it into smaller files.`,
      );
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReadError(`“${file.name}” could not be read. Choose the file again.`);
      return;
    }
    importer.mutate({ token, text });
  };

  return (
    <Panel title="Import and export">
      <p className="muted">
        Export writes the questions shown on the left to a JSON file. Import adds every question of
        a JSON file to the bank, or none of them if any is wrong.
      </p>
      <div className="form-actions">
        <button
          type="button"
          disabled={exporter.isPending}
          onClick={() => exporter.mutate({ token, filter })}
        >
          Export questions (JSON)
        </button>
      </div>
      <div className="field file-field">
        <label htmlFor={fileId}>Import a question file (JSON)</label>
        <input
          id={fileId}
          ref={input}
          type="file"
          accept=".json,application/json"
          disabled={importer.isPending}
          onChange={(event) => void onFile(event)}
        />
      </div>
      {importer.isPending && <p className="muted">Checking {fileName}…</p>}
      {report?.ok && (
        <p role="status" className="saved">
          Imported {report.imported} question{report.imported === 1 ? '' : 's'}
          {report.jobsImported > 0 &&
            ` and ${report.jobsImported} job${report.jobsImported === 1 ? '' : 's'}`}{' '}
          from {fileName}.
        </p>
      )}
      {report && !report.ok && (
        <div role="alert" className="import-report">
          <p>
            <strong>Nothing was imported from {fileName}.</strong> Fix{' '}
            {report.problems.length === 1
              ? 'this problem'
              : `these ${report.problems.length} problems`}{' '}
            and import the file again:
          </p>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                {p.item !== null ? `Question ${p.item}` : 'The file'}
                {p.field ? ` — ${p.field}` : ''}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorText error={readError ?? exporter.error ?? importer.error} />
    </Panel>
  );
}
