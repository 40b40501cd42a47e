import type uPlot from 'uplot';
import { clockTime } from './format';

/** The narrowest window zooming in reaches: a few seconds of frames still read as a track. */
export const MIN_WINDOW_SEC = 10;

/**
 * The visible window after zooming in (halving it) or out (doubling it), in seconds; null is
 * the whole session. Never narrower than MIN_WINDOW_SEC; doubling past the session is the whole.
 */
export function nextWindow(
  windowSec: number | null,
  direction: 'in' | 'out',
  endSec: number,
): number | null {
  const now = windowSec ?? endSec;
  if (direction === 'in') {
    const next = Math.max(Math.min(MIN_WINDOW_SEC, endSec), now / 2);
    return next >= endSec ? null : next;
  }
  const next = now * 2;
  return next >= endSec ? null : next;
}

/** The x range showing `windowSec` centred on `centreSec`, slid back inside `[0, endSec]`. */
export function windowRange(
  windowSec: number | null,
  centreSec: number,
  endSec: number,
): { min: number; max: number } {
  if (windowSec === null || windowSec >= endSec) return { min: 0, max: endSec };
  const min = Math.min(Math.max(0, centreSec - windowSec / 2), endSec - windowSec);
  return { min, max: min + windowSec };
}

/** Sets the chart's x scale to the window around `centreSec` (uPlot keeps it as given). */
export function applyZoom(
  chart: uPlot,
  windowSec: number | null,
  centreSec: number,
  endSec: number,
): void {
  chart.setScale('x', windowRange(windowSec, centreSec, endSec));
}

/** "2×", "4×": how much of the session the window magnifies, for the zoom announcement. */
export function zoomFactor(windowSec: number | null, endSec: number): string {
  if (windowSec === null) return '1×';
  const factor = endSec / windowSec;
  return `${Number.isInteger(factor) ? factor : factor.toFixed(1)}×`;
}

/** The visible range as the toolbar shows it: "0:30 to 1:30 of 2:00". */
export function rangeText(min: number, max: number, endSec: number): string {
  return `${clockTime(min * 1000)} to ${clockTime(max * 1000)} of ${clockTime(endSec * 1000)}`;
}
