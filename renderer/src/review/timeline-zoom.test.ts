import { describe, expect, it } from 'vitest';
import { MIN_WINDOW_SEC, nextWindow, rangeText, windowRange, zoomFactor } from './timeline-zoom';

describe('timeline zoom', () => {
  it('halves the window zooming in and doubles it zooming out, back to the whole session', () => {
    expect(nextWindow(null, 'in', 120)).toBe(60);
    expect(nextWindow(60, 'in', 120)).toBe(30);
    expect(nextWindow(30, 'out', 120)).toBe(60);
    expect(nextWindow(60, 'out', 120)).toBeNull();
  });

  it('stops at the narrowest window, and a session shorter than it cannot zoom in', () => {
    expect(nextWindow(15, 'in', 120)).toBe(MIN_WINDOW_SEC);
    expect(nextWindow(MIN_WINDOW_SEC, 'in', 120)).toBe(MIN_WINDOW_SEC);
    expect(nextWindow(null, 'in', 8)).toBeNull();
  });

  it('centres the window on the playhead, slid back inside the session at either end', () => {
    expect(windowRange(60, 50, 120)).toEqual({ min: 20, max: 80 });
    expect(windowRange(60, 5, 120)).toEqual({ min: 0, max: 60 });
    expect(windowRange(60, 118, 120)).toEqual({ min: 60, max: 120 });
    expect(windowRange(null, 50, 120)).toEqual({ min: 0, max: 120 });
  });

  it('names the zoom level and the range shown', () => {
    expect(zoomFactor(null, 120)).toBe('1×');
    expect(zoomFactor(30, 120)).toBe('4×');
    expect(zoomFactor(10, 125)).toBe('12.5×');
    expect(rangeText(30, 90, 120)).toBe('0:30 to 1:30 of 2:00');
  });
});
