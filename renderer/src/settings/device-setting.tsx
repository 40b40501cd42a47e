import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { settingId, useSaveSetting } from './use-save-setting';

type Setting = inferRouterOutputs<AppRouter>['settings']['list'][number];

/** The keys shown as a choice among the station's devices rather than as free text. */
export const DEVICE_KEYS = new Set(['capture.camera', 'capture.microphone']);

interface Choice {
  value: string;
  label: string;
}

/** '' stands for "not set": the station chooses at start. */
const AUTOMATIC = '';

/**
 * The camera or microphone setting as a list of what is plugged into the station. There is
 * no free text: picking among listed devices is the only way to name one from the screens
 * (main's check refuses anything shaped like a file either way).
 */
export function DeviceSettingRow({ setting, token }: { setting: Setting; token: string }) {
  const trpc = useTRPC();
  const devices = useQuery(trpc.settings.devices.queryOptions({ token }));
  const camera = setting.key === 'capture.camera';
  const id = settingId(setting.key);
  const stored = typeof setting.value === 'string' ? setting.value : AUTOMATIC;
  const [choice, setChoice] = useState(stored);
  const { save, problem } = useSaveSetting(token);
  const listed = (camera ? devices.data?.cameras : devices.data?.microphones) ?? [];
  const choices: Choice[] = [
    {
      value: AUTOMATIC,
      label: camera
        ? 'Automatic: the first camera found'
        : 'Automatic: the system default microphone',
    },
    { value: 'none', label: camera ? 'No camera' : 'No microphone' },
    ...(camera ? [] : [{ value: 'default', label: 'The system default microphone' }]),
    ...listed
      .filter((device) => device.device !== 'default')
      .map((device) => ({
        value: device.device,
        label: device.name === device.device ? device.name : `${device.name} (${device.device})`,
      })),
  ];
  // A device chosen earlier but unplugged now stays visible, so the admin sees what is set.
  if (!choices.some((c) => c.value === stored)) {
    choices.push({ value: stored, label: `${stored} (not connected now)` });
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      token,
      key: setting.key as never,
      value: (choice === AUTOMATIC ? null : choice) as never,
    });
  };
  const notes = devices.isError ? [messageOf(devices.error)] : (devices.data?.notes ?? []);
  return (
    <form className="setting-row" onSubmit={onSubmit} aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id}>
        {camera ? 'Camera' : 'Microphone'}
        {setting.managed && <span className="setting-badge">set by IT</span>}
        {setting.restart && <span className="setting-note">applies after a restart</span>}
      </label>
      <select
        id={id}
        value={choice}
        disabled={!setting.editable || save.isPending}
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
        {devices.isPending ? 'Looking for devices…' : notes.join(' ')}
      </p>
      {setting.editable && (
        <div className="setting-actions">
          <button type="submit" disabled={save.isPending || choice === stored}>
            Save
          </button>
          <button
            type="button"
            disabled={devices.isFetching}
            onClick={() => void devices.refetch()}
          >
            Look for devices again
          </button>
        </div>
      )}
      <p role="alert" className="error">
        {problem}
      </p>
    </form>
  );
}
