import { useEffect, useRef, useState } from 'react';
import { clockTime, type SessionDetail } from './format';
import type { ReplayController } from './replay-controller';

type Segment = SessionDetail['transcript'][number];

/** The last segment starting at or before `ms` (segments are in time order), or -1. */
function activeIndex(segments: Segment[], ms: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid]?.startMs ?? 0) <= ms) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const segment = segments[found];
  return segment && ms < segment.endMs + 1500 ? found : -1;
}

/** What was said, in time order; the segment being played is marked; click one to go there. */
export function TranscriptPanel({
  segments,
  controller,
}: {
  segments: Segment[];
  controller: ReplayController;
}) {
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLOListElement>(null);
  // Only a change of segment re-renders, not every frame of playback.
  useEffect(
    () => controller.subscribe((ms) => setActive(activeIndex(segments, ms))),
    [controller, segments],
  );
  useEffect(() => {
    const item = list.current?.querySelector<HTMLElement>('[aria-current="true"]');
    const box = list.current;
    if (!item || !box) return;
    // Scroll the list only, never the page, so keyboard users keep their place.
    const top = item.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - item.clientHeight) {
      box.scrollTop = top - box.clientHeight / 3;
    }
  }, [active]);

  if (segments.length === 0) {
    return <p className="muted">No transcript for this session.</p>;
  }
  return (
    <ol className="transcript" ref={list} aria-label="Transcript">
      {segments.map((segment, i) => (
        <li key={segment.id} data-segment-id={segment.id}>
          <button
            type="button"
            aria-current={i === active ? 'true' : undefined}
            onClick={() => controller.seek(segment.startMs)}
          >
            <span className="time">{clockTime(segment.startMs)}</span>
            <span>{segment.text}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
