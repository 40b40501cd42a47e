import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { settingId, useSaveSetting } from './use-save-setting';

type Outputs = inferRouterOutputs<AppRouter>['settings'];
type Setting = Outputs['list'][number];
type ModelFile = Outputs['models']['files'][number];

export const MODEL_KEY = 'transcription.model';

/** '' stands for "not set": the first published model found is used. */
const AUTOMATIC = '';

function describeFile(model: ModelFile): string {
  const size = `${Math.max(1, Math.round(model.bytes / 1_000_000))} MB`;
  const where = model.folder === 'bundled' ? 'bundled with the app' : 'data folder';
  // Named by file name and size only; the checksum is checked when the model is loaded.
  const kind = model.published ? `Whisper ${model.published}` : 'not a published model';
  return `${model.file} (${kind}, ${size}, ${where})`;
}

/**
 * The transcription model as a choice among the model files on the station. A file name is
 * all the screen sends; main looks it up in resources/models/ and the data folder's models/
 * only. IT's managed config may instead name any file (`transcription.modelPath`), which
 * then wins: the choice is shown as set by IT.
 */
export function ModelSettingRow({
  setting,
  token,
  pinnedPath,
}: {
  setting: Setting;
  token: string;
  /** IT's managed config names the model file, so this choice does not apply. */
  pinnedPath: boolean;
}) {
  const trpc = useTRPC();
  const models = useQuery(trpc.settings.models.queryOptions({ token }));
  const id = settingId(MODEL_KEY);
  const stored = typeof setting.value === 'string' ? setting.value : AUTOMATIC;
  const [choice, setChoice] = useState(stored);
  const { save, problem } = useSaveSetting(token);
  const editable = setting.editable && !pinnedPath;
  const choices = [
    { value: AUTOMATIC, label: 'Automatic (first model found)' },
    ...(models.data?.files ?? []).map((m) => ({ value: m.file, label: describeFile(m) })),
  ];
  // A file chosen earlier but removed since stays visible, so the admin sees what is set.
  if (!choices.some((c) => c.value === stored)) {
    choices.push({ value: stored, label: `${stored} (not found now)` });
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ token, key: MODEL_KEY, value: choice === AUTOMATIC ? null : choice });
  };
  const notes = models.isError
    ? messageOf(models.error)
    : models.isPending
      ? 'Looking for model files…'
      : [
          pinnedPath && 'IT’s managed configuration names the model file to use.',
          models.data.files.length === 0 &&
            'No model files in resources/models/ or the data folder’s models/.',
          models.data.loaded && `Now: ${models.data.loaded.summary}`,
        ]
          .filter(Boolean)
          .join(' ');
  return (
    <form className="setting-row" onSubmit={onSubmit} aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id}>
        Transcription model
        {(setting.managed || pinnedPath) && <span className="setting-badge">set by IT</span>}
        {setting.restart && <span className="setting-note">applies after a restart</span>}
      </label>
      <select
        id={id}
        value={choice}
        disabled={!editable || save.isPending}
        aria-describedby={`${id}-notes`}
        onChange={(event) => setChoice(event.target.value)}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <p id={`${id}-notes`} className="settings-help">
        {notes}
      </p>
      {editable && (
        <div className="setting-actions">
          <button type="submit" disabled={save.isPending || choice === stored}>
            Save
          </button>
          <button type="button" disabled={models.isFetching} onClick={() => void models.refetch()}>
            Look for model files again
          </button>
        </div>
      )}
      <p role="alert" className="error">
        {problem}
      </p>
    </form>
  );
}
