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
