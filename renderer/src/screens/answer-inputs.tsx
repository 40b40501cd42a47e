import { useState } from 'react';
import type { SaveStatus } from './use-draft-saver';

/** Multiple choice as a native radio group (arrow keys move, screen readers know it). */
export function McqAnswer(props: {
  options: string[];
  initial: number | null;
  disabled: boolean;
  onChoose: (choice: number) => void;
}) {
  const [choice, setChoice] = useState<number | null>(props.initial);
  return (
    <fieldset className="mcq" disabled={props.disabled}>
      <legend className="visually-hidden">Choose one answer</legend>
      {props.options.map((option, index) => (
        <label key={option} className={`option${choice === index ? ' selected' : ''}`}>
          <input
            type="radio"
            name="mcq"
            value={index}
            checked={choice === index}
            onChange={() => {
              setChoice(index);
              props.onChoose(index);
            }}
          />
          <span className="option-letter" aria-hidden="true">
            {String.fromCharCode(65 + index)}
          </span>
          <span>{option}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A free-text answer, saved as it is typed and when it loses focus. */
export function TextAnswer(props: {
  initial: string | null;
  disabled: boolean;
  onType: (text: string) => void;
  onBlur: () => void;
}) {
  const [text, setText] = useState(props.initial ?? '');
  return (
    <div className="text-answer">
      <label htmlFor="text-answer">Your answer</label>
      <textarea
        id="text-answer"
        value={text}
        rows={10}
        maxLength={20_000}
        disabled={props.disabled}
        onChange={(event) => {
          setText(event.target.value);
          props.onType(event.target.value);
        }}
        onBlur={props.onBlur}
      />
      <p className="help">{text.length.toLocaleString()} / 20,000 characters</p>
    </div>
  );
}

/** Where the autosave stands, announced politely. */
export function SaveIndicator({ status }: { status: SaveStatus }) {
  const text =
    status.state === 'saving'
      ? 'Saving…'
      : status.state === 'saved'
        ? `Saved at ${new Date(status.at).toLocaleTimeString()}`
        : status.state === 'failed'
          ? `Not saved: ${status.message}`
          : '';
  return (
    <p className={`save-status${status.state === 'failed' ? ' error' : ''}`} aria-live="polite">
      {text}
    </p>
  );
}
