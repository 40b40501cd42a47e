import { describe, expect, it } from 'vitest';
import { locate, ReplayController, type ReplaySegment } from './replay-controller';

// Two recordings with a gap between them, as after a crash and a resume.
const segments: ReplaySegment[] = [
  { src: 'a', startMs: 200, endMs: 10_200 },
  { src: 'b', startMs: 15_000, endMs: 30_000 },
];

describe('locate', () => {
  it('maps a session time to its segment and the seconds into that recording', () => {
    expect(locate(segments, 3200)).toEqual({ index: 0, seconds: 3 });
    expect(locate(segments, 16_500)).toEqual({ index: 1, seconds: 1.5 });
  });

  it('sends a time before the first recording or in a gap to the next recording start', () => {
    expect(locate(segments, 0)).toEqual({ index: 0, seconds: 0 });
    expect(locate(segments, 12_000)).toEqual({ index: 1, seconds: 0 });
  });

  it('holds a time past the end on the last frame, and has nothing without recordings', () => {
    expect(locate(segments, 99_000)?.index).toBe(1);
    expect(locate(segments, 99_000)?.seconds).toBeCloseTo(14.95);
    expect(locate([], 5000)).toBeNull();
  });
});

/** Just enough of a video element for the controller: time, play state and its events. */
class FakeVideo extends EventTarget {
  currentTime = 0;
  paused = true;
  ended = false;
  src = '';
  load() {
    queueMicrotask(() => this.dispatchEvent(new Event('loadedmetadata')));
  }
  play() {
    this.paused = false;
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  }
  pause() {
    this.paused = true;
  }
  /** Playback reached `seconds`, as the browser reports it. */
  advance(seconds: number) {
    this.currentTime = seconds;
    this.dispatchEvent(new Event('timeupdate'));
  }
}

describe('ReplayController.playSpan', () => {
  it('plays a speech event’s span and pauses at its end; a seek elsewhere lets it play on', async () => {
    // Playback is followed through timeupdate here; the per-frame loop has nothing to do.
    globalThis.requestAnimationFrame ??= () => 0;
    globalThis.cancelAnimationFrame ??= () => {};
    const controller = new ReplayController(segments);
    const video = new FakeVideo();
    controller.attach(video as unknown as HTMLVideoElement);
    await Promise.resolve();

    controller.playSpan(3200, 6200);
    expect(video.currentTime).toBe(3);
    expect(video.paused).toBe(false);
    video.advance(5.9);
    expect(video.paused).toBe(false);
    video.advance(6.05);
    expect(video.paused).toBe(true);

    controller.playSpan(3200, 6200);
    controller.seek(1200);
    video.play();
    video.advance(7);
    expect(video.paused).toBe(false);
  });
});
