import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SignalAnalyzer } from './signal-analyzer';
import { readAudio } from './test-audio';
import { jfkWav } from './test-audio';

const resourcesDir = path.resolve('resources');

/** JFK speaking while the candidate should be reading the question. */
async function speakWhileReading(speechDuringReading?: boolean) {
  // No landmarks: this is about the audio alone, and the mesh is slow to load.
  const analyzer = await SignalAnalyzer.open({
    resourcesDir,
    landmarkEvery: 0,
    speechDuringReading,
  });
  try {
    analyzer.setPhase('reading');
    await analyzer.analyzeAudio(0, readAudio(jfkWav()));
    return await analyzer.finish();
  } finally {
    await analyzer.close();
  }
}

describe('speech during reading', () => {
  it('is an event by default', async () => {
    const { events, summary } = await speakWhileReading();
    expect(events.map((e) => e.type)).toContain('speech_during_reading');
    expect(events[0]).toMatchObject({ type: 'speech_during_reading', severity: 'medium' });
    expect(events[0]?.startMs).toBeLessThan(1000);
    expect(summary.eventsByType.speech_during_reading).toBeGreaterThan(0);
  });

  it('is no event on a station that turned it off, though the speech is still heard', async () => {
    const { events, speech, summary } = await speakWhileReading(false);
    expect(events).toEqual([]);
    expect(summary.eventsByType).toEqual({});
    expect(speech.length).toBeGreaterThan(0);
    expect(summary.speakingRatio).toBeGreaterThan(0.5);
  });
});

describe('a gap in the audio', () => {
  it('ends the speech before it: no segment spans the time the microphone was away', async () => {
    const analyzer = await SignalAnalyzer.open({ resourcesDir, landmarkEvery: 0 });
    try {
      const jfk = readAudio(jfkWav());
      // Cut mid-phrase ("And so my fellow Americans" runs from ~0.3 s to ~2.3 s), then the
      // microphone comes back 8 s later, mid-speech again.
      await analyzer.analyzeAudio(0, jfk.subarray(0, 1.5 * 16000));
      await analyzer.analyzeAudio(9500, jfk.subarray(0.5 * 16000, 2.2 * 16000));
      const { speech } = await analyzer.finish();
      expect(speech.length).toBeGreaterThanOrEqual(2);
      for (const segment of speech) {
        const before = segment.endMs <= 1500;
        // At the very end the last frame is zero-padded to 32 ms, as for every recording.
        const after = segment.startMs >= 9500 && segment.endMs <= 11_200 + 32;
        expect(before || after, JSON.stringify(segment)).toBe(true);
      }
    } finally {
      await analyzer.close();
    }
  });
});
