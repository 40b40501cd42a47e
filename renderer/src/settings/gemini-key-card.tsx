import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DEFAULT_GEMINI_MODEL, GEMINI_MODELS } from '../../../shared/gemini-models';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

/**
 * The admin pastes or clears the Gemini API key for AI-suggested scores, and picks the model.
 * The key goes to main and never comes back: the field is a password field, emptied once
 * saved, and the card shows only whether a key is configured. A key IT set is shown as such.
 */
export function GeminiKeyCard({ token }: { token: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusKey = trpc.evaluation.geminiStatus.queryKey({ token });
  const status = useQuery(trpc.evaluation.geminiStatus.queryOptions({ token }));
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onSaved = (said: string) => (fresh: NonNullable<typeof status.data>) => {
    queryClient.setQueryData(statusKey, fresh);
    setApiKey('');
    setModel(null);
    setDone(said);
  };
  const save = useMutation(
    trpc.evaluation.setGemini.mutationOptions({ onSuccess: onSaved('Saved.') }),
  );
  const clear = useMutation(
    trpc.evaluation.clearGemini.mutationOptions({
      onSuccess: onSaved('The key is removed: answers are scored offline only.'),
    }),
  );
  if (status.isPending) return <p>Loading the AI scoring settings…</p>;
  if (status.isError) return <p role="alert">{messageOf(status.error)}</p>;
  const current = status.data;
  const chosen = model ?? current.model ?? DEFAULT_GEMINI_MODEL;
  const models: string[] = [...GEMINI_MODELS];
  if (!models.includes(current.model)) models.push(current.model);
  const busy = save.isPending || clear.isPending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    clear.reset();
    const typed = apiKey.trim();
    save.mutate({ token, model: chosen, ...(typed ? { apiKey: typed } : {}) });
  };
  const failure = save.isError ? save.error : clear.isError ? clear.error : null;
  return (
    <form className="setting-row" onSubmit={submit} aria-labelledby="gemini-title" noValidate>
      <h2 id="gemini-title" className="setting-label">
        AI-suggested scores (Google Gemini)
        {current.managed && <span className="setting-badge">set by IT</span>}
      </h2>
      <p className="settings-help" id="gemini-help">
        {current.configured
          ? `A key is configured; model ${current.model}.`
          : 'No key is configured: answers are scored offline only.'}{' '}
        Gemini sees the question, its rubric and the answer’s text only, and only for candidates who
        agreed to AI scoring. Its scores are suggestions; a recruiter decides.
      </p>
      {current.managed ? (
        <p className="setting-value">
          IT set the key in the station’s environment (GEMINI_API_KEY).
        </p>
      ) : !current.storable ? (
        <p className="setting-value">This station has no data folder to keep a key in.</p>
      ) : (
        <>
          <div className="stack">
            <label htmlFor="gemini-key">
              {current.configured ? 'New API key (leave empty to keep the current one)' : 'API key'}
            </label>
            <input
              id="gemini-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="gemini-help"
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
            />
            <label htmlFor="gemini-model">Model</label>
            <select
              id="gemini-model"
              value={chosen}
              onChange={(event) => setModel(event.target.value)}
            >
              {models.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="setting-actions">
            <button type="submit" disabled={busy || (!current.configured && !apiKey.trim())}>
              Save
            </button>
            <button
              type="button"
              disabled={busy || !current.configured}
              onClick={() => {
                setDone(null);
                save.reset();
                clear.mutate({ token });
              }}
            >
              Remove the key
            </button>
          </div>
        </>
      )}
      <p role="alert" className="error">
        {failure ? messageOf(failure) : null}
      </p>
      <p role="status" className="settings-help">
        {done}
      </p>
    </form>
  );
}
