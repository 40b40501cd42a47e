import { describe, expect, it } from 'vitest';
import type { SessionHooks } from '../domain/session-events';
import { alsoWhenSessionEnds } from './session-end';

class FakeCapture implements SessionHooks {
  readonly recordsAnswers = true;
  calls: string[] = [];
  started(sessionId: number, _startedAt: number): void {
    this.calls.push(`started ${sessionId}`);
  }
  phase(sessionId: number, phase: string): void {
    this.calls.push(`phase ${sessionId} ${phase}`);
  }
  ended(sessionId: number): void {
    this.calls.push(`ended ${sessionId}`);
  }
}

describe('alsoWhenSessionEnds', () => {
  it('passes every hook through to capture, and queues transcription after capture has ended', () => {
    const capture = new FakeCapture();
    const queued: number[] = [];
    const hooks = alsoWhenSessionEnds(capture, (sessionId) => {
      queued.push(sessionId);
      capture.calls.push(`queued ${sessionId}`);
    });
    hooks.started(3, 0);
    hooks.phase(3, 'answering');
    hooks.ended(3);
    expect(hooks.recordsAnswers).toBe(true);
    expect(capture.calls).toEqual(['started 3', 'phase 3 answering', 'ended 3', 'queued 3']);
    expect(queued).toEqual([3]);
  });
});
