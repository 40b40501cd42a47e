import { useEffect, useId, useMemo } from 'react';
import { messageOf } from '../errors';
import { textDownloadUrl } from './station-files';

/** What an export follows, said beside its button, and the way to export without the filter. */
export interface CsvExportScope {
  /** One sentence naming the filter the "Export CSV" button follows (or that it has none). */
  description: string;
  /** Exports everything regardless of the filter; absent when no filter is on. */
  onExportAll?: () => void;
  exportAllLabel?: string;
}

/**
 * An "Export CSV" button and, once the CSV came back, its download link. The CSV arrives as
 * text over the signed-in channel and is saved from a Blob, so no file of candidates' data is
 * left in the station's data folder for a list that fits in memory. With a `scope`, the
 * control says which filter the export follows and offers an export of everything.
 */
export function CsvExportControl({
  pending,
  error,
  result,
  onExport,
  scope,
}: {
  pending: boolean;
  error: unknown;
  result: { csv: string; fileName: string } | undefined;
  onExport(): void;
  scope?: CsvExportScope;
}) {
  const scopeId = useId();
  const url = useMemo(
    () => (result ? textDownloadUrl(result.csv, 'text/csv;charset=utf-8') : null),
    [result],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return (
    <div className="export">
      <button
        type="button"
        disabled={pending}
        onClick={onExport}
        aria-describedby={scope ? scopeId : undefined}
      >
        Export CSV
      </button>
      {scope?.onExportAll && (
        <button type="button" disabled={pending} onClick={scope.onExportAll}>
          {scope.exportAllLabel ?? 'Export all as CSV'}
        </button>
      )}
      {scope && (
        <p id={scopeId} className="export-scope">
          {scope.description}
        </p>
      )}
      {url && result && (
        <a className="download" href={url} download={result.fileName}>
          Download {result.fileName}
        </a>
      )}
      {error !== null && error !== undefined && (
        <span role="alert" className="error">
          {messageOf(error)}
        </span>
      )}
    </div>
  );
}
