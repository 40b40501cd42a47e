import { useMutation } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { stationFileUrl } from '../review/station-files';
import { useTRPC } from '../trpc';

/**
 * The zip support asks for (admins only): made in main, offered as an export by id, so no
 * path on the station reaches the page.
 */
export function SupportBundle({ token }: { token: string }) {
  const trpc = useTRPC();
  const make = useMutation(trpc.monitor.exportDiagnostics.mutationOptions());
  const made = make.data;
  return (
    <>
      <h3>For support</h3>
      <p className="help">
        One zip with these diagnostics, the station settings (PIN, keys and credentials masked) and
        the recent station logs. It holds no candidate data.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="small"
          disabled={make.isPending}
          onClick={() => make.mutate({ token })}
        >
          {make.isPending ? 'Making…' : 'Make a diagnostics bundle'}
        </button>
      </div>
      <div aria-live="polite">
        {made ? (
          <p role="status">
            <a
              className="download"
              href={stationFileUrl('exports', made.exportId)}
              download={made.fileName}
            >
              Download {made.fileName}
            </a>{' '}
            ({made.logFiles} log file(s)). It can be downloaded for one hour.
          </p>
        ) : null}
      </div>
      {make.isError ? (
        <p role="alert" className="error">
          {messageOf(make.error)}
        </p>
      ) : null}
    </>
  );
}
