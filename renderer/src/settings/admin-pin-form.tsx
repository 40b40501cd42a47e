import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

const NEW_PIN = /^\d{6,12}$/;

/** What is wrong with the PINs as typed, before main is asked; null when nothing is. */
function pinProblem(current: string, next: string, repeat: string): string | null {
  if (!/^\d{4,12}$/.test(current)) return 'Type the current PIN (4 to 12 digits).';
  if (!NEW_PIN.test(next)) return 'The new PIN is 6 to 12 digits, nothing else.';
  if (next === current) return 'Choose a new PIN different from the current one.';
  if (repeat !== next) return 'The two new PINs differ: type the new PIN again.';
  return null;
}

/**
 * The admin changes the PIN that exits the kiosk: the current PIN, the new one twice. Main
 * checks the current PIN against the same lock as the exit screen, so wrong tries there
 * count too; its refusal is shown in its own words.
 */
export function AdminPinForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation(
    trpc.settings.changePin.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
      },
    }),
  );
  // Checked when the admin submits, not at each key, so the alert speaks once.
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = pinProblem(current, next, repeat);
    setProblem(found);
    if (found) {
      change.reset();
      return;
    }
    change.mutate({ token, currentPin: current, newPin: next });
  };
  const alert = problem ?? (change.isError ? messageOf(change.error) : null);
  return (
    <form className="setting-row" onSubmit={submit} aria-labelledby="change-pin-title" noValidate>
      <h2 id="change-pin-title" className="setting-label">
        Kiosk exit PIN
      </h2>
      <p className="settings-help" id="change-pin-help">
        Closing the station needs this PIN. Five wrong PINs lock it for a minute, then longer each
        time.
      </p>
      <div className="stack">
        <label htmlFor="change-pin-current">Current PIN</label>
        <input
          id="change-pin-current"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-describedby="change-pin-help"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <label htmlFor="change-pin-new">New PIN (6 to 12 digits)</label>
        <input
          id="change-pin-new"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={problem !== null && !NEW_PIN.test(next)}
          aria-describedby="change-pin-alert"
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
        <label htmlFor="change-pin-repeat">New PIN again</label>
        <input
          id="change-pin-repeat"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={problem !== null && repeat !== next}
          aria-describedby="change-pin-alert"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
      </div>
      <div className="setting-actions">
        <button type="submit" disabled={change.isPending}>
          Change the PIN
        </button>
      </div>
      <p id="change-pin-alert" role="alert" className="error">
        {alert}
      </p>
      <p role="status" className="settings-help">
        {change.isSuccess
          ? 'The PIN is changed. Use the new one to close the station from now on.'
          : null}
      </p>
    </form>
  );
}
