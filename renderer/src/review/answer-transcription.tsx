import { clockTime, type ReviewAnswer } from './format';

type Transcription = NonNullable<ReviewAnswer['transcription']>;
type Figures = NonNullable<Extract<Transcription, { state: 'done' }>['figures']>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Speech figures of a transcribed answer: descriptive numbers, never a verdict. */
function SpeechFigures({ figures }: { figures: Figures }) {
  const fillers = Object.entries(figures.fillers)
    .map(([word, count]) => `“${word}” ×${count}`)
    .join(', ');
  return (
    <dl className="summary speech-figures">
      <div>
        <dt>Speaking time</dt>
        <dd>
          {clockTime(figures.speakingMs)} of {clockTime(figures.durationMs)}
        </dd>
      </div>
      <div>
        <dt>Words per minute</dt>
        <dd>{figures.wordsPerMinute === null ? '—' : Math.round(figures.wordsPerMinute)}</dd>
      </div>
      <div>
        <dt>Longest pause</dt>
        <dd>{seconds(figures.longestPauseMs)}</dd>
      </div>
      <div>
        <dt>Filler words</dt>
        <dd>
          {figures.fillerCount}
          {fillers && <span className="muted"> ({fillers})</span>}
        </dd>
      </div>
    </dl>
  );
}

/** One plain sentence on where this answer's transcription stands. */
function describe(transcription: Transcription): { title: string; detail: string } {
  switch (transcription.state) {
    case 'queued':
      return { title: 'Waiting to be transcribed.', detail: 'Answers are transcribed in turn.' };
    case 'no_model':
      return {
        title: 'Not transcribed yet.',
        detail: 'This station has no transcription model; it will be transcribed once IT adds one.',
      };
    case 'transcribing':
      return {
        title: `Transcribing… ${Math.round(transcription.progress * 100)}%`,
        detail: '',
      };
    case 'retrying':
      return {
        title: 'Transcription failed; it will be tried again automatically.',
        detail: transcription.reason,
      };
    case 'failed':
      return {
        title: 'Transcription failed and will not be tried again.',
        detail: transcription.reason,
      };
    case 'skipped':
      return {
        title: 'Nothing to transcribe.',
        detail: transcription.reason.replace(/^Skipped:\s*/, ''),
      };
    case 'done':
      return {
        title: 'Transcribed.',
        detail: transcription.figures ? '' : 'No speech figures for this answer.',
      };
  }
}

/** The transcription state of a recorded answer and, once transcribed, its speech figures. */
export function AnswerTranscription({ transcription }: { transcription: Transcription | null }) {
  if (!transcription) return null;
  const { title, detail } = describe(transcription);
  return (
    <div className="answer-transcription" data-state={transcription.state}>
      <p>
        <strong>{title}</strong>
        {detail && <span className="muted"> {detail}</span>}
      </p>
      {transcription.state === 'transcribing' && (
        <progress value={transcription.progress} max={1} aria-label="Transcription progress" />
      )}
      {transcription.state === 'done' && transcription.figures && (
        <SpeechFigures figures={transcription.figures} />
      )}
    </div>
  );
}
