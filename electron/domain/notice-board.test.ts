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

  describe('device notices', () => {
    it('says the camera is reconnecting while it is lost, and clears when it is back', () => {
      const board = new NoticeBoard(() => true, { faceMissingMs: 3000 });
      const heard: CandidateNotice[] = [];
      board.subscribe(1, (notice) => heard.push(notice));
      board.device(1, 'camera', true);
      expect(board.current(1)).toBe('camera_reconnecting');
      // The capture side may report the same loss again while it retries: one notice only.
      board.device(1, 'camera', true);
      board.device(1, 'camera', false);
      expect(heard).toEqual(['camera_reconnecting', null]);
      expect(board.current(1)).toBeNull();
    });

    it('says the microphone is reconnecting, and puts the camera first when both are lost', () => {
      const board = new NoticeBoard(() => true, { faceMissingMs: 3000 });
      const heard: CandidateNotice[] = [];
      board.subscribe(1, (notice) => heard.push(notice));
      board.device(1, 'microphone', true);
      board.device(1, 'camera', true);
      board.device(1, 'camera', false);
      board.device(1, 'microphone', false);
      expect(heard).toEqual([
        'microphone_reconnecting',
        'camera_reconnecting',
        'microphone_reconnecting',
        null,
      ]);
    });

    it('tells a candidate with notices turned off too: it is about the station, not them', () => {
      const board = new NoticeBoard(() => false, { faceMissingMs: 1000 });
      const heard: CandidateNotice[] = [];
      board.subscribe(2, (notice) => heard.push(notice));
      for (let t = 0; t <= 3000; t += 100) board.observe(2, t, 0);
      board.device(2, 'camera', true);
      board.device(2, 'camera', false);
      // No face notice before or after: the accommodation still holds for that.
      expect(heard).toEqual(['camera_reconnecting', null]);
    });

    it('goes back to the face notice if the face is still missing once the camera is back', () => {
      const board = new NoticeBoard(() => true, { faceMissingMs: 1000 });
      const heard: CandidateNotice[] = [];
      board.subscribe(1, (notice) => heard.push(notice));
      for (let t = 0; t <= 2000; t += 100) board.observe(1, t, 0);
      board.device(1, 'camera', true);
      board.device(1, 'camera', false);
      expect(heard).toEqual(['face_not_visible', 'camera_reconnecting', 'face_not_visible']);
    });

    it('keeps one session’s lost device away from another session', () => {
      const board = new NoticeBoard();
      board.device(1, 'camera', true);
      expect(board.current(2)).toBeNull();
      board.clear(1);
      expect(board.current(1)).toBeNull();
    });
  });
});

describe('NoticeBoard storage', () => {
  it('tells every candidate when the station is short of space, before any other notice', () => {
    const board = new NoticeBoard(() => false);
    const heard: CandidateNotice[] = [];
    board.subscribe(1, (notice) => heard.push(notice));
    board.device(1, 'camera', true);
    board.storage(1, true);
    board.storage(1, false);
    board.device(1, 'camera', false);
    expect(heard).toEqual(['camera_reconnecting', 'storage_low', 'camera_reconnecting', null]);
  });
});
