import { useEffect, useMemo } from 'react';
import { messageOf } from '../errors';
import { textDownloadUrl } from './station-files';

/**
 * An "Export CSV" button and, once the CSV came back, its download link. The CSV arrives as
 * text over the signed-in channel and is saved from a Blob, so no file of candidates' data is
 * left in the station's data folder for a list that fits in memory.
 */
export function CsvExportControl({
  pending,
  error,
  result,
  onExport,
}: {
  pending: boolean;
  error: unknown;
  result: { csv: string; fileName: string } | undefined;
  onExport(): void;
}) {
  const url = useMemo(
    () => (result ? textDownloadUrl(result.csv, 'text/csv;charset=utf-8') : null),
    [result],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return (
    <div className="export">
      <button type="button" disabled={pending} onClick={onExport}>
        Export CSV
      </button>
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
