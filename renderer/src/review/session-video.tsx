import { useEffect, useRef, useState } from 'react';
import { clockTime } from './format';
import type { ReplayController } from './replay-controller';

/**
 * The session recording. Segments play one after another as one session; the clock under
 * the picture is session time, so it matches the timeline, events and transcript.
 */
export function SessionVideo({ controller }: { controller: ReplayController }) {
  const video = useRef<HTMLVideoElement>(null);
  const clock = useRef<HTMLSpanElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const release = controller.attach(el);
    const onError = () => setFailed(true);
    const onLoaded = () => setFailed(false);
    el.addEventListener('error', onError);
    el.addEventListener('loadeddata', onLoaded);
    const unsubscribe = controller.subscribe((ms) => {
      if (clock.current) clock.current.textContent = clockTime(ms);
    });
    return () => {
      unsubscribe();
      el.removeEventListener('error', onError);
      el.removeEventListener('loadeddata', onLoaded);
      release();
    };
  }, [controller]);

  if (controller.segments.length === 0) {
    return (
      <div className="replay-video replay-video-empty">
        <p>No recording was made for this session.</p>
      </div>
    );
  }
  return (
    <figure className="replay-video">
      <video ref={video} controls preload="metadata" playsInline aria-label="Session recording" />
      <figcaption>
        <span>
          Session time <span ref={clock}>0:00</span>
        </span>
        {controller.segments.length > 1 && (
          <span>{controller.segments.length} recordings, played in order</span>
        )}
        {failed && (
          <span role="alert" className="error">
            This recording could not be played.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
