import { useEffect, useRef } from 'react';

/**
 * Moves focus to a screen's heading when it appears, so screen readers announce the new
 * screen and keyboard users start from its top.
 */
export function useScreenFocus<T extends HTMLElement>(key?: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}
