import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { messageOf } from '../errors';
import { useCandidateStore } from '../state/candidate-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { CalibrationStep } from './calibration-step';
import { CameraPreview, LevelMeter } from './device-views';
import { useDevices } from './use-devices';
import { useScreenFocus } from './use-screen-focus';

/** Speech the voice detector must hear before the sentence test passes. */
const SENTENCE_MS = 1000;

/**
 * Before the first question: the candidate sees the camera picture, looks at the screen while
 * the station calibrates (when they signed the biometric release), watches the microphone
 * meter move and says a sentence, which the station's voice detector must hear.
 */
export function DeviceCheckScreen() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const token = useCandidateStore((state) => state.token) ?? '';
  const started = useCandidateStore((state) => state.started);
  const snapshot = useDevices(token);
  const check = useMutation(trpc.candidate.checkDevices.mutationOptions());
  const start = useMutation({
    mutationFn: () => client.candidate.start.mutate({ token }),
    onSuccess: (first) => started(first),
  });
  const { mutate: openDevices } = check;
  useEffect(() => openDevices({ token }), [openDevices, token]);

  const heard = (snapshot?.speechMs ?? 0) >= SENTENCE_MS;
  // A station without a microphone records pictures only: there is no sentence to say.
  const microphone = snapshot?.microphone !== 'off';
  // Off: the candidate did not sign the biometric release, or the station cannot calibrate.
  const calibration = snapshot?.calibration;
  const calibrating = calibration !== undefined && calibration.state !== 'off';
  const [skipped, setSkipped] = useState(false);
  const calibrated = !calibrating || calibration.state === 'done' || skipped;
  const ready =
    snapshot?.camera === 'ok' &&
    calibrated &&
    (!microphone || (snapshot.microphone === 'ok' && heard));
  const failed = snapshot?.camera === 'failed' || snapshot?.microphone === 'failed';
  return (
    <section className="card device-check" aria-labelledby="device-title">
      <h1 id="device-title" ref={heading} tabIndex={-1}>
        Let’s check the camera and microphone
      </h1>
      <div className="device-check-body">
        <CameraPreview snapshot={snapshot} />
        <div className="device-check-steps">
          <h2>1. Your picture</h2>
          <p>Sit so that your face is in the middle of the picture and well lit.</p>
          {calibrating && (
            <CalibrationStep
              calibration={calibration}
              step={2}
              skipped={skipped}
              onSkip={() => setSkipped(true)}
            />
          )}
          {microphone && (
            <>
              <h2>{calibrating ? 3 : 2}. Your voice</h2>
              <p>
                Say a sentence out loud, for example your name and the role you are here for. The
                bar moves when the microphone hears you.
              </p>
              <LevelMeter levelDb={snapshot?.levelDb ?? null} />
              <p role="status" className={heard ? 'check-passed' : 'help'}>
                {heard ? '✓ We heard you clearly.' : 'Waiting to hear a sentence…'}
              </p>
            </>
          )}
        </div>
      </div>
      {failed && (
        <p role="alert" className="error">
          {/* Main's sentence already says to ask staff; the code stays in the station log. */}
          {snapshot?.problem ??
            'A device is not working. Please ask a member of staff for help.'}{' '}
          You can also press Try again.
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!ready || start.isPending}
          onClick={() => start.mutate()}
        >
          {start.isPending ? 'Starting…' : 'Start the interview'}
        </button>
        {failed && (
          <button
            type="button"
            onClick={() => {
              // A fresh check calibrates afresh: an earlier skip does not carry over.
              setSkipped(false);
              openDevices({ token });
            }}
          >
            Try again
          </button>
        )}
      </div>
      <p role="alert" className="error">
        {start.isError ? messageOf(start.error) : check.isError ? messageOf(check.error) : null}
      </p>
    </section>
  );
}
