import { describe, expect, it } from 'vitest';
import { isReloadKey } from './kiosk-keys';

describe('isReloadKey', () => {
  it('catches F5 and Ctrl/Cmd+R in either case', () => {
    expect(isReloadKey({ key: 'F5', ctrlKey: false, metaKey: false })).toBe(true);
    expect(isReloadKey({ key: 'r', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isReloadKey({ key: 'R', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isReloadKey({ key: 'r', ctrlKey: false, metaKey: true })).toBe(true);
  });

  it('lets typing through, including a plain r', () => {
    expect(isReloadKey({ key: 'r', ctrlKey: false, metaKey: false })).toBe(false);
    expect(isReloadKey({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(false);
  });
});
