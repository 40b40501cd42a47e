import { describe, expect, it } from 'vitest';
import { NoticeBoard, type CandidateNotice } from './notice-board';

describe('NoticeBoard', () => {
  it('tells the candidate only after the face has been missing for a while, and clears', () => {
    const board = new NoticeBoard(() => true, { faceMissingMs: 3000 });
    const heard: CandidateNotice[] = [];
    board.subscribe(1, (notice) => heard.push(notice));
    for (let t = 0; t <= 10_000; t += 100) board.observe(1, t, t >= 2000 && t < 7000 ? 0 : 1);
    expect(heard).toEqual(['face_not_visible', null]);
  });

  it('ignores a glance away shorter than the delay', () => {
    const board = new NoticeBoard(() => true, { faceMissingMs: 3000 });
    const heard: CandidateNotice[] = [];
    board.subscribe(1, (notice) => heard.push(notice));
    for (let t = 0; t <= 6000; t += 100) board.observe(1, t, t >= 1000 && t < 3500 ? 0 : 1);
    expect(heard).toEqual([]);
  });

  it('never notifies a session whose interview turned notices off', () => {
    const board = new NoticeBoard((sessionId) => sessionId !== 2, { faceMissingMs: 1000 });
    const heard: CandidateNotice[] = [];
    board.subscribe(2, (notice) => heard.push(notice));
    for (let t = 0; t <= 5000; t += 100) board.observe(2, t, 0);
    expect(heard).toEqual([]);
    expect(board.current(2)).toBeNull();
  });

  it('stops calling a listener once it unsubscribes', () => {
    const board = new NoticeBoard(() => true, { faceMissingMs: 0 });
    const heard: CandidateNotice[] = [];
    const stop = board.subscribe(3, (notice) => heard.push(notice));
    board.observe(3, 0, 0);
    stop();
    board.observe(3, 100, 1);
    expect(heard).toEqual(['face_not_visible']);
  });
});
