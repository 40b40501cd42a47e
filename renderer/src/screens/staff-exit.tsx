import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useStaffStore } from '../staff/staff-store';
import { useTRPC } from '../trpc';

/** A quiet corner control for staff: sign in to review, or leave the kiosk with the admin PIN. */
export function StaffExit() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const openSignIn = useStaffStore((s) => s.openSignIn);
  const exit = useMutation(trpc.admin.exit.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    exit.mutate({ pin });
  };
  if (!open) {
    return (
      <button type="button" className="staff-link" onClick={() => setOpen(true)}>
        Staff
      </button>
    );
  }
  return (
    <form className="staff-exit" onSubmit={submit} aria-label="Close the station">
      <button type="button" className="primary" onClick={openSignIn}>
        Staff sign-in
      </button>
      <label htmlFor="admin-pin">Admin PIN</label>
      <input
        id="admin-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={pin}
        onChange={(event) => setPin(event.target.value)}
      />
      <button type="submit" disabled={exit.isPending || pin.length < 4}>
        Close station
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <p role="alert" className="error">
        {exit.isError ? messageOf(exit.error) : exit.isSuccess ? 'Closing the station…' : null}
      </p>
    </form>
  );
}
