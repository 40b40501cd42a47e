import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';
import { useScreenFocus } from '../screens/use-screen-focus';
import { useStaffStore } from './staff-store';

/** Recruiter and admin sign-in, opened from the attract screen's staff corner. */
export function SignInForm() {
  const trpc = useTRPC();
  const { signedIn, closeSignIn } = useStaffStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(trpc.staff.login.mutationOptions({ onSuccess: signedIn }));
  const heading = useScreenFocus<HTMLHeadingElement>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password });
  };
  return (
    <section className="card" aria-labelledby="staff-sign-in-title">
      <h1 id="staff-sign-in-title" tabIndex={-1} ref={heading}>
        Staff sign-in
      </h1>
      <form onSubmit={submit} className="stack">
        <label htmlFor="staff-username">Username</label>
        <input
          id="staff-username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="staff-password">Password</label>
        <input
          id="staff-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={login.isPending || !username || !password}
          >
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
          <button type="button" onClick={closeSignIn}>
            Back to the station
          </button>
        </div>
        <p role="alert" className="error">
          {login.isError ? messageOf(login.error) : null}
        </p>
      </form>
    </section>
  );
}
