import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { AUTOMATIC, ChoiceSettingRow, type Setting } from './choice-setting-row';

type ModelFile = inferRouterOutputs<AppRouter>['settings']['models']['files'][number];

export const MODEL_KEY = 'transcription.model';

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
  const editable = setting.editable && !pinnedPath;
  const choices = [
    { value: AUTOMATIC, label: 'Automatic (first model found)' },
    ...(models.data?.files ?? []).map((m) => ({ value: m.file, label: describeFile(m) })),
  ];
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
    <ChoiceSettingRow
      setting={setting}
      token={token}
      label="Transcription model"
      choices={choices}
      missing={(stored) => `${stored} (not found now)`}
      notes={notes}
      editable={editable}
      pinned={setting.managed || pinnedPath}
      refresh={{
        label: 'Look for model files again',
        busy: models.isFetching,
        run: () => void models.refetch(),
      }}
    />
  );
}
