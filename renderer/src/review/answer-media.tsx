import { clockTime, type ReviewAnswer } from './format';
import { stationFileUrl } from './station-files';

type Part = ReviewAnswer['parts'][number];

function PartPlayer({ part, label }: { part: Part; label: string }) {
  const src = stationFileUrl('media', part.mediaId);
  return part.kind === 'audio' ? (
    <audio controls preload="metadata" src={src} aria-label={label} className="answer-media" />
  ) : (
    // A start fragment makes Chromium decode the first frame as the poster; with metadata
    // alone a reviewer sees a black box until they press play.
    <video
      controls
      preload="metadata"
      src={`${src}#t=0.1`}
      aria-label={label}
      className="answer-media"
    />
  );
}

function partCaption(part: Part): string {
  const span = `${clockTime(part.startMs)}–${part.endMs === null ? '…' : clockTime(part.endMs)}`;
  return part.beforeInterruption
    ? `Recorded before the interruption (${span})`
    : `Recorded after the resume (${span})`;
}

/**
 * The recording of an audio or video answer. An answer the station was interrupted in has
 * more than one part: the one recorded before the interruption (kept at the next start) and
 * the take that finished it; each is listed and plays on its own.
 */
export function AnswerMedia({ answer }: { answer: ReviewAnswer }) {
  const label = `${answer.question.type === 'audio' ? 'Audio' : 'Video'} answer to question ${answer.position + 1}`;
  const [only, ...more] = answer.parts;
  if (!only) return <p className="muted">No recording.</p>;
  if (more.length === 0 && !only.beforeInterruption) {
    return <PartPlayer part={only} label={label} />;
  }
  return (
    <ol className="answer-parts" aria-label={`Parts of ${label.toLowerCase()}`}>
      {answer.parts.map((part, i) => (
        <li key={part.mediaId}>
          <p className="answer-part-caption">
            Part {i + 1}: {partCaption(part)}
          </p>
          <PartPlayer part={part} label={`${label}, part ${i + 1}`} />
        </li>
      ))}
    </ol>
  );
}
