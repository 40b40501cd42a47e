import { clockTime, EVENT_LABELS, type ReviewEvent } from './format';
import { stationFileUrl } from './station-files';

/** The integrity events as a list of buttons: the keyboard and screen-reader way to the markers. */
export function EventList({
  events,
  onEvent,
}: {
  events: ReviewEvent[];
  onEvent(event: ReviewEvent): void;
}) {
  if (events.length === 0) return <p className="muted">No integrity events in this session.</p>;
  return (
    <ul className="event-list">
      {events.map((event) => {
        const span =
          event.endMs === null
            ? `from ${clockTime(event.startMs)}`
            : `${clockTime(event.startMs)}–${clockTime(event.endMs)}`;
        return (
          <li key={event.id}>
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
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
