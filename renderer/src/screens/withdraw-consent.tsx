import { useRef, useState } from 'react';
import { messageOf } from '../errors';
import { useCandidateStore } from '../state/candidate-store';
import { useTRPCClient } from '../trpc';

/**
 * "Withdraw consent", always on the question screens: a confirmation dialog explains what
 * happens and lets the candidate keep or delete their answers so far. A native modal
 * <dialog> keeps focus inside it, and Escape closes it (the interview goes on).
 */
export function WithdrawConsent({
  token,
  onWithdrawing,
}: {
  token: string;
  onWithdrawing: () => void;
}) {
  const client = useTRPCClient();
  const withdrew = useCandidateStore((state) => state.withdrew);
  const dialog = useRef<HTMLDialogElement>(null);
  const [keepAnswers, setKeepAnswers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    // The interview's end reaches the question screen too: it must not show "complete".
    onWithdrawing();
    try {
      withdrew(await client.candidate.withdraw.mutate({ token, keepAnswers }));
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <div className="withdraw">
      <button type="button" className="link-button" onClick={() => dialog.current?.showModal()}>
        Withdraw consent
      </button>
      <dialog
        ref={dialog}
        className="card withdraw-dialog"
        aria-labelledby="withdraw-title"
        aria-describedby="withdraw-what"
      >
        <h2 id="withdraw-title">Withdraw your consent?</h2>
        <p id="withdraw-what">
          If you withdraw, the station stops recording and computing signals at once, and your
          interview ends here. The question timer keeps running while you decide.
        </p>
        <fieldset className="choices">
          <legend>What should happen to the answers you have given so far?</legend>
          <label className="choice">
            <input
              type="radio"
              name="withdraw-keep"
              checked={keepAnswers}
              onChange={() => setKeepAnswers(true)}
            />
            <span>Keep my answers so far for my application.</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="withdraw-keep"
              checked={!keepAnswers}
              onChange={() => setKeepAnswers(false)}
            />
            <span>Delete everything from this interview, including the recording.</span>
          </label>
        </fieldset>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
            Withdraw and end the interview
          </button>
          <button type="button" disabled={busy} onClick={() => dialog.current?.close()}>
            Cancel, continue the interview
          </button>
        </div>
        <p role="alert" className="error">
          {error}
        </p>
      </dialog>
    </div>
  );
}
