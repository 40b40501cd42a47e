import { useState, type FormEvent } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import { settingId, useSaveSetting } from './use-save-setting';

export type Setting = inferRouterOutputs<AppRouter>['settings']['list'][number];

export interface Choice {
  value: string;
  label: string;
}

/** '' stands for "not set": the station chooses for itself. */
export const AUTOMATIC = '';

interface ChoiceSettingRowProps {
  setting: Setting;
  token: string;
  label: string;
  /** What may be chosen, Automatic first; the stored value is added when it is not listed. */
  choices: Choice[];
  /** The label of a stored value no longer listed (a device unplugged, a file removed). */
  missing: (stored: string) => string;
  notes: string;
  /** False when IT pins it (or pins what it would choose). */
  editable: boolean;
  pinned: boolean;
  /** Looks for the choices again: "Look for devices again". */
  refresh: { label: string; busy: boolean; run: () => void };
}

/**
 * A setting picked from a list the station makes (its devices, its model files), never typed:
 * nothing the screen sends can name a path. Saving sends the chosen value, or null for
 * Automatic.
 */
export function ChoiceSettingRow(props: ChoiceSettingRowProps) {
  const { setting, token, refresh } = props;
  const id = settingId(setting.key);
  const stored = typeof setting.value === 'string' ? setting.value : AUTOMATIC;
  const [choice, setChoice] = useState(stored);
  const { save, problem } = useSaveSetting(token);
  // A value chosen earlier but gone now stays visible, so the admin sees what is set.
  const choices = props.choices.some((c) => c.value === stored)
    ? props.choices
    : [...props.choices, { value: stored, label: props.missing(stored) }];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      token,
      key: setting.key as never,
      value: (choice === AUTOMATIC ? null : choice) as never,
    });
  };
  return (
    <form className="setting-row" onSubmit={onSubmit} aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id}>
        {props.label}
        {props.pinned && <span className="setting-badge">set by IT</span>}
        {setting.restart && <span className="setting-note">applies after a restart</span>}
      </label>
      <select
        id={id}
        value={choice}
        disabled={!props.editable || save.isPending}
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
        {props.notes}
      </p>
      {props.editable && (
        <div className="setting-actions">
          <button type="submit" disabled={save.isPending || choice === stored}>
            Save
          </button>
          <button type="button" disabled={refresh.busy} onClick={refresh.run}>
            {refresh.label}
          </button>
        </div>
      )}
      <p role="alert" className="error">
        {problem}
      </p>
    </form>
  );
}
