import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { useScreenFocus } from '../screens/use-screen-focus';
import { useStaffStore, type StaffSession } from './staff-store';

/** First sign-in with a printed password: a new one is chosen before anything else. */
export function ChangePassword({ session }: { session: StaffSession }) {
  const trpc = useTRPC();
  const updateUser = useStaffStore((s) => s.updateUser);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation(trpc.staff.changePassword.mutationOptions({ onSuccess: updateUser }));
  const heading = useScreenFocus<HTMLHeadingElement>();
  const mismatch = repeat.length > 0 && next !== repeat;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) change.mutate({ token: session.token, current, next });
  };
  return (
    <section className="card" aria-labelledby="change-password-title">
      <h1 id="change-password-title" tabIndex={-1} ref={heading}>
        Choose your own password
      </h1>
      <p>The password printed at set-up works once. Choose one of at least 12 characters.</p>
      <form onSubmit={submit} className="stack">
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
        <label htmlFor="repeat-password">New password again</label>
        <input
          id="repeat-password"
          type="password"
          autoComplete="new-password"
          aria-invalid={mismatch}
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={change.isPending || !current || next.length < 12 || next !== repeat}
          >
            Save password
          </button>
        </div>
        <p role="alert" className="error">
          {mismatch
            ? 'The two new passwords differ.'
            : change.isError
              ? messageOf(change.error)
              : null}
        </p>
      </form>
    </section>
  );
}
