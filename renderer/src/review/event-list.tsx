import { clockTime, EVENT_LABELS, type ReviewEvent } from './format';
import { stationFileUrl } from './station-files';

/**
 * The integrity events as a list of buttons: the keyboard and screen-reader way to the markers.
 * Each shows its evidence: the frame it started on, or the line the station recorded (a
 * program, a display count, a device's error); a speech event also plays its span.
 */
export function EventList({
  events,
  onEvent,
  onPlaySpan,
}: {
  events: ReviewEvent[];
  onEvent(event: ReviewEvent): void;
  /** Plays a span of the recording with its sound, pausing at the end. */
  onPlaySpan(startMs: number, endMs: number): void;
}) {
  if (events.length === 0) return <p className="muted">No integrity events in this session.</p>;
  return (
    <ul className="event-list">
      {events.map((event) => {
        const span =
          event.endMs === null
            ? `from ${clockTime(event.startMs)}`
            : `${clockTime(event.startMs)}–${clockTime(event.endMs)}`;
        const audio = event.audio;
        return (
          <li key={event.id} data-event-type={event.type}>
            <button type="button" onClick={() => onEvent(event)}>
              {event.thumbnailMediaId !== null ? (
                <img src={stationFileUrl('media', event.thumbnailMediaId)} alt="" loading="lazy" />
              ) : (
                <span className="event-thumb-empty" aria-hidden="true" />
              )}
              <span className="event-text">
                <strong>{EVENT_LABELS[event.type]}</strong>
                <span>
                  {span} ·{' '}
                  <span className={`severity severity-${event.severity}`}>{event.severity}</span>
                </span>
                {event.evidence && <span className="event-evidence">{event.evidence}</span>}
              </span>
            </button>
            {audio && (
              <button
                type="button"
                className="small event-play"
                onClick={() => onPlaySpan(audio.startMs, audio.endMs)}
              >
                <span aria-hidden="true">▶ </span>Play the speech ({clockTime(audio.startMs)}–
                {clockTime(audio.endMs)})
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
