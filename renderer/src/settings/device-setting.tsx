import { useQuery } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { AUTOMATIC, ChoiceSettingRow, type Choice, type Setting } from './choice-setting-row';

/** The keys shown as a choice among the station's devices rather than as free text. */
export const DEVICE_KEYS = new Set(['capture.camera', 'capture.microphone']);

/**
 * The camera or microphone setting as a list of what is plugged into the station. There is
 * no free text: picking among listed devices is the only way to name one from the screens
 * (main's check refuses anything shaped like a file either way).
 */
export function DeviceSettingRow({ setting, token }: { setting: Setting; token: string }) {
  const trpc = useTRPC();
  const devices = useQuery(trpc.settings.devices.queryOptions({ token }));
  const camera = setting.key === 'capture.camera';
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
  const notes = devices.isError ? [messageOf(devices.error)] : (devices.data?.notes ?? []);
  return (
    <ChoiceSettingRow
      setting={setting}
      token={token}
      label={camera ? 'Camera' : 'Microphone'}
      choices={choices}
      missing={(stored) => `${stored} (not connected now)`}
      notes={devices.isPending ? 'Looking for devices…' : notes.join(' ')}
      editable={setting.editable}
      pinned={setting.managed}
      refresh={{
        label: 'Look for devices again',
        busy: devices.isFetching,
        run: () => void devices.refetch(),
      }}
    />
  );
}
