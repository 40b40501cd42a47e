import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../errors';
import type { CheckInResult } from '../state/candidate-store';
import { useCandidateStore } from '../state/candidate-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { useScreenFocus } from './use-screen-focus';

type ChoiceKey = CheckInResult['notice']['choices'][number]['key'];

/** The plain-language notice and separate consent choices; declining is a real option. */
export function ConsentScreen({ checkIn }: { checkIn: CheckInResult }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const token = useCandidateStore((state) => state.token) ?? '';
  const started = useCandidateStore((state) => state.started);
  const declined = useCandidateStore((state) => state.declined);
  const checkDevices = useCandidateStore((state) => state.checkDevices);
  const askSelfIdentification = useCandidateStore((state) => state.askSelfIdentification);
  const { notice } = checkIn;
  const [choices, setChoices] = useState<Record<ChoiceKey, boolean>>({
    recording: false,
    signals: false,
    aiScoring: false,
  });
  const [released, setReleased] = useState(false);
  const release = notice.biometric;
  const consent = useMutation(
    trpc.candidate.consent.mutationOptions({
      onSuccess: async (outcome) => {
        if (!outcome.proceed) {
          declined(outcome.alternativePath);
          return;
        }
        // Where the station asks, the optional self-identification comes next; it goes on
        // to the device check or the first question itself.
        if (checkIn.selfIdentification) askSelfIdentification(checkIn.devices);
        // A station with a camera checks it, and the microphone, before the first question.
        else if (checkIn.devices) checkDevices();
        else started(await client.candidate.start.mutate({ token }));
      },
    }),
  );
  const requiredGiven = notice.choices.every((choice) => !choice.required || choices[choice.key]);
  // Each choice is stored as the candidate left it. "I do not agree" with every required box
  // ticked can only mean no to all of them.
  const send = (accept: boolean) => {
    const keep = accept || !requiredGiven;
    consent.mutate({
      token,
      noticeVersion: notice.version,
      recording: keep && choices.recording,
      signals: keep && choices.signals,
      aiScoring: notice.choices.some((c) => c.key === 'aiScoring')
        ? keep && choices.aiScoring
        : undefined,
      declined: !accept,
      biometric: release ? { version: release.version, given: keep && released } : undefined,
    });
  };
  const required = notice.choices.filter((choice) => choice.required).length;
  return (
    <section className="card notice" aria-labelledby="notice-title">
      <h1 id="notice-title" ref={heading} tabIndex={-1}>
        Before you start: what this station records
      </h1>
      {notice.sections.map((section) => (
        <section key={section.heading} className="notice-section">
          <h2>{section.heading}</h2>
          <p>{section.body}</p>
        </section>
      ))}
      {notice.choices.length > 0 && (
        <fieldset className="choices">
          <legend>Your choices</legend>
          {notice.choices.map((choice) => (
            <label key={choice.key} className="choice">
              <input
                type="checkbox"
                checked={choices[choice.key]}
                onChange={(event) => setChoices({ ...choices, [choice.key]: event.target.checked })}
              />
              <span>{choice.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      {release && (
        <section className="notice-section release" aria-labelledby="release-title">
          <h2 id="release-title">{release.heading}</h2>
          <p>{release.body}</p>
          <fieldset className="choices">
            <legend>Biometric release (optional)</legend>
            <label className="choice">
              <input
                type="checkbox"
                checked={released}
                aria-describedby="release-effect"
                onChange={(event) => setReleased(event.target.checked)}
              />
              <span>{release.label}</span>
            </label>
          </fieldset>
          <p className="help" id="release-effect" role="status">
            {released
              ? 'Thank you. The station will measure where you are looking and whether your eyes are closed.'
              : 'Without this release, the station measures nothing of your face during this interview; it only checks whether a face is in view.'}
          </p>
        </section>
      )}
      <p className="help" id="consent-help">
        {required > 0
          ? `The interview needs the ${required === 2 ? 'first two choices' : 'first choice'}. `
          : ''}
        If you do not agree, choose “I do not agree” and we will offer you another way to interview.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!requiredGiven || consent.isPending}
          aria-describedby="consent-help"
          onClick={() => send(true)}
        >
          Agree and start the interview
        </button>
        <button type="button" disabled={consent.isPending} onClick={() => send(false)}>
          I do not agree
        </button>
      </div>
      <p role="alert" className="error">
        {consent.isError ? messageOf(consent.error) : null}
      </p>
    </section>
  );
}
