import type { Diagnostics } from './labels';

/**
 * What IT's managed config did at this start: the keys it set, and each one the station
 * refused (a bad key is skipped, never half-applied, so the rest still apply). Values are
 * never shown: one may be a secret.
 */
export function ManagedConfigErrors({ config }: { config: Diagnostics['managedConfig'] }) {
  if (!config) return null;
  const { file, applied, errors } = config;
  return (
    <>
      <h3>Managed config</h3>
      <p className="help">
        IT&apos;s file <code>{file}</code>: {applied.length} setting(s) applied.
      </p>
      {errors.length > 0 ? (
        <ul className="warning managed-config-errors" aria-label="Managed config errors">
          {errors.map((e, i) => (
            <li key={`${e.key ?? ''}-${i}`}>
              {e.key === null ? (
                <>The whole file: {e.message}</>
              ) : (
                <>
                  <code>{e.key}</code>: {e.message}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
