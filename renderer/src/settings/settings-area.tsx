import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { settingId, useSaveSetting } from './use-save-setting';
import { AdminPinForm } from './admin-pin-form';
import { GeminiKeyCard } from './gemini-key-card';
import { SyncCard } from './sync-card';
import type { Setting } from './choice-setting-row';
import { DEVICE_KEYS, DeviceSettingRow } from './device-setting';
import { MODEL_KEY, ModelSettingRow } from './model-setting';
import './settings.css';

/** Admins see every station setting and change those IT has not pinned. */
export function SettingsArea({ session }: { session: StaffSession }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.settings.list.queryOptions({ token: session.token }));
  if (list.isPending) return <p>Loading the settings…</p>;
  if (list.isError) return <p role="alert">{messageOf(list.error)}</p>;
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Station settings</h1>
      <p className="settings-help">
        Settings marked “set by IT” come from the managed configuration file and can only be changed
        there. Empty means the station’s default, shown in grey.
      </p>
      {list.data.map((setting) =>
        DEVICE_KEYS.has(setting.key) ? (
          <DeviceSettingRow key={setting.key} setting={setting} token={session.token} />
        ) : setting.key === MODEL_KEY ? (
          <ModelSettingRow
            key={setting.key}
            setting={setting}
            token={session.token}
            pinnedPath={list.data.some((s) => s.key === 'transcription.modelPath' && s.managed)}
          />
        ) : (
          <SettingRow key={setting.key} setting={setting} token={session.token} />
        ),
      )}
      <GeminiKeyCard token={session.token} />
      <SyncCard token={session.token} />
      <AdminPinForm token={session.token} />
    </section>
  );
}

/** The text an admin edits for a value: JSON for objects, a comma list for word lists. */
function toText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (key === 'transcription.fillerWords' && Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function fromText(key: string, text: string, sample: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (key === 'transcription.fillerWords') {
    return trimmed
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
  }
  if (typeof sample === 'number') return Number(trimmed);
  if (typeof sample === 'object' && sample !== null) return JSON.parse(trimmed) as unknown;
  return trimmed;
}

/**
 * A setting only IT's managed config may set (it names a file on the station): shown, with
 * where it comes from, never as a field the admin could mistake for one to fill in.
 */
function ItOnlySetting({ setting }: { setting: Setting }) {
  const id = settingId(setting.key);
  return (
    <section className="setting-row" aria-labelledby={`${id}-label`}>
      <h2 id={`${id}-label`} className="setting-label">
        {setting.label}
      </h2>
      <p className="setting-value">
        {setting.value === null ? 'Not set.' : String(setting.value)} Only IT’s managed
        configuration file sets this.
      </p>
    </section>
  );
}

function SettingRow({ setting, token }: { setting: Setting; token: string }) {
  const id = settingId(setting.key);
  const [text, setText] = useState(() => toText(setting.key, setting.value));
  const { save, problem, setProblem } = useSaveSetting(token);
  const submit = (value: unknown) => {
    save.mutate({ token, key: setting.key as never, value: value as never });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    try {
      submit(fromText(setting.key, text, setting.fallback));
    } catch {
      setProblem('This is not valid JSON: check the brackets, quotes and commas.');
    }
  };
  const boolean = typeof setting.fallback === 'boolean';
  const multiline = typeof setting.fallback === 'object' && setting.fallback !== null;
  if (!setting.editable && !setting.managed) return <ItOnlySetting setting={setting} />;
  return (
    <form className="setting-row" onSubmit={onSubmit} aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id}>
        {setting.label}
        {setting.managed && <span className="setting-badge">set by IT</span>}
        {setting.restart && <span className="setting-note">applies after a restart</span>}
      </label>
      {setting.choices ? (
        <select
          id={id}
          disabled={!setting.editable || save.isPending}
          value={String(setting.value ?? setting.fallback)}
          onChange={(event) => submit(event.target.value)}
        >
          {setting.choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      ) : boolean ? (
        <input
          id={id}
          type="checkbox"
          disabled={!setting.editable || save.isPending}
          checked={(setting.value ?? setting.fallback) === true}
          onChange={(event) => submit(event.target.checked)}
        />
      ) : multiline ? (
        <textarea
          id={id}
          rows={4}
          disabled={!setting.editable}
          value={text}
          placeholder={toText(setting.key, setting.fallback)}
          onChange={(event) => setText(event.target.value)}
        />
      ) : (
        <input
          id={id}
          disabled={!setting.editable}
          value={text}
          placeholder={toText(setting.key, setting.fallback)}
          onChange={(event) => setText(event.target.value)}
        />
      )}
      {setting.editable && !boolean && !setting.choices && (
        <div className="setting-actions">
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
          <button
            type="button"
            disabled={save.isPending || setting.value === null}
            onClick={() => {
              setText('');
              submit(null);
            }}
          >
            Use the default
          </button>
        </div>
      )}
      <p role="alert" className="error">
        {problem}
      </p>
    </form>
  );
}
