/** One recorded segment: its video and where it sits on the session clock. */
export interface ReplaySegment {
  src: string;
  startMs: number;
  endMs: number;
}

/** Where a session-clock time is in the recordings: which segment, and seconds into it. */
export interface Location {
  index: number;
  seconds: number;
}

/**
 * Maps a session-clock time onto the recordings. A time in a gap between segments (the
 * station was down) goes to the start of the next one; past the end, to the last frame.
 */
export function locate(segments: readonly ReplaySegment[], ms: number): Location | null {
  if (segments.length === 0) return null;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as ReplaySegment;
    if (ms < segment.startMs) return { index: i, seconds: 0 };
    if (ms < segment.endMs) return { index: i, seconds: (ms - segment.startMs) / 1000 };
  }
  const last = segments.length - 1;
  const segment = segments[last] as ReplaySegment;
  return { index: last, seconds: Math.max(0, (segment.endMs - segment.startMs) / 1000 - 0.05) };
}

type Listener = (ms: number) => void;

/**
 * Plays a session's segments in order as one timeline on the session clock, through one video
 * element. Listeners (the timeline's playhead, the transcript) hear the time on every frame
 * while playing and on every seek, outside React, so following playback re-renders nothing.
 */
export class ReplayController {
  private video: HTMLVideoElement | null = null;
  private current = -1;
  private pendingSeconds: number | null = null;
  private frame = 0;
  private readonly listeners = new Set<Listener>();
  private lastMs = 0;
  /** Where a span being played (a speech event's evidence) stops; null: play on. */
  private stopAtMs: number | null = null;

  constructor(readonly segments: readonly ReplaySegment[]) {}

  /** Takes over a video element; returns a function that lets go of it. */
  attach(video: HTMLVideoElement): () => void {
    this.video = video;
    const onMeta = () => {
      if (this.pendingSeconds === null) return;
      video.currentTime = this.pendingSeconds;
      this.pendingSeconds = null;
    };
    const onEnded = () => {
      if (this.current + 1 >= this.segments.length) return;
      this.load(this.current + 1, 0);
      void video.play().catch(() => {});
    };
    const onTime = () => this.emit();
    const onPlay = () => this.loop();
    video.addEventListener('loadedmetadata', onMeta);
    video.addEventListener('ended', onEnded);
    video.addEventListener('seeked', onTime);
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('play', onPlay);
    if (this.segments.length > 0) this.load(0, 0);
    return () => {
      cancelAnimationFrame(this.frame);
      video.removeEventListener('loadedmetadata', onMeta);
      video.removeEventListener('ended', onEnded);
      video.removeEventListener('seeked', onTime);
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('play', onPlay);
      this.video = null;
      this.current = -1;
    };
  }

  /** The session-clock time on screen now. */
  timeMs(): number {
    const segment = this.segments[this.current];
    if (!segment || !this.video) return this.lastMs;
    const seconds = this.pendingSeconds ?? this.video.currentTime;
    return segment.startMs + seconds * 1000;
  }

  /** Shows the frame at a session-clock time, switching segment when it has to. */
  seek(ms: number): void {
    // Going somewhere else ends a span being played: the reviewer took over.
    this.stopAtMs = null;
    const where = locate(this.segments, ms);
    this.lastMs = ms;
    if (!where || !this.video) {
      this.emit(ms);
      return;
    }
    if (where.index !== this.current) {
      this.load(where.index, where.seconds);
    } else if (this.pendingSeconds !== null) {
      // Still loading this segment: the seek happens once its metadata is in.
      this.pendingSeconds = where.seconds;
    } else {
      this.video.currentTime = where.seconds;
    }
    // The playhead moves at once, not when the video has caught up.
    this.emit(ms);
  }

  /** Plays from where the replay is (after a seek, once the segment has loaded). */
  play(): void {
    // A browser that refuses autoplay leaves the video paused at the seeked frame: fine.
    void this.video?.play().catch(() => {});
  }

  /**
   * Plays `[startMs, endMs)` of the session with its sound and pauses at the end: a speech
   * event's evidence is heard where the recording has it, no copy of the audio is made.
   */
  playSpan(startMs: number, endMs: number): void {
    this.seek(startMs);
    this.stopAtMs = endMs;
    this.play();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.timeMs());
    return () => this.listeners.delete(listener);
  }

  private load(index: number, seconds: number): void {
    const video = this.video;
    const segment = this.segments[index];
    if (!video || !segment) return;
    this.current = index;
    this.pendingSeconds = seconds;
    video.src = segment.src;
    video.load();
  }

  private emit(ms = this.timeMs()): void {
    this.lastMs = ms;
    if (this.stopAtMs !== null && ms >= this.stopAtMs) {
      this.stopAtMs = null;
      this.video?.pause();
    }
    for (const listener of this.listeners) listener(ms);
  }

  private loop(): void {
    cancelAnimationFrame(this.frame);
    const tick = () => {
      if (!this.video || this.video.paused || this.video.ended) return;
      this.emit();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }
}
