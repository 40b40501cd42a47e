import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  RACE_ETHNICITY_CATEGORIES,
  RACE_ETHNICITY_LABELS,
  SEX_CATEGORIES,
  SEX_LABELS,
  type RaceEthnicityCategory,
  type SexCategory,
} from '../../../shared/self-identification';
import { messageOf } from '../errors';
import { useCandidateStore } from '../state/candidate-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { useScreenFocus } from './use-screen-focus';

/**
 * The optional self-identification step after consent (only where the station asks): sex and
 * race/ethnicity, each with "Prefer not to say", and a skip that stores nothing. It says why it
 * is asked and who sees it, then goes on to the device check or the first question.
 */
export function SelfIdScreen({ devices }: { devices: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const token = useCandidateStore((state) => state.token) ?? '';
  const started = useCandidateStore((state) => state.started);
  const checkDevices = useCandidateStore((state) => state.checkDevices);
  const [sex, setSex] = useState<SexCategory | null>(null);
  const [race, setRace] = useState<RaceEthnicityCategory | null>(null);
  const [starting, setStarting] = useState<unknown>(null);

  const next = async () => {
    if (devices) {
      checkDevices();
      return;
    }
    try {
      started(await client.candidate.start.mutate({ token }));
    } catch (error) {
      setStarting(error);
    }
  };
  const save = useMutation(
    trpc.candidate.selfIdentify.mutationOptions({ onSuccess: () => void next() }),
  );
  const problem = save.error ?? starting;

  return (
    <section className="card notice" aria-labelledby="self-id-title">
      <h1 id="self-id-title" ref={heading} tabIndex={-1}>
        Optional: about you
      </h1>
      <p id="self-id-why">
        This step is up to you: answer any part, or skip it. It changes nothing about your
        interview. We ask so that we can check our hiring treats every group fairly (a bias audit:
        we compare how often each group moves forward). Your answers are kept apart from your
        interview and are never shown to anyone who scores or decides on it; administrators see only
        totals per group.
      </p>
      <fieldset className="choices" aria-describedby="self-id-why">
        <legend>Sex</legend>
        {SEX_CATEGORIES.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="self-id-sex"
              checked={sex === value}
              onChange={() => setSex(value)}
            />
            <span>{SEX_LABELS[value]}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>Race/ethnicity</legend>
        {RACE_ETHNICITY_CATEGORIES.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="self-id-race"
              checked={race === value}
              onChange={() => setRace(value)}
            />
            <span>{RACE_ETHNICITY_LABELS[value]}</span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={save.isPending || (sex === null && race === null)}
          onClick={() => save.mutate({ token, sex, raceEthnicity: race })}
        >
          Save and continue
        </button>
        <button type="button" disabled={save.isPending} onClick={() => void next()}>
          Skip this step
        </button>
      </div>
      <p role="alert" className="error">
        {problem ? messageOf(problem) : null}
      </p>
    </section>
  );
}
