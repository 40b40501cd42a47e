import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { readSignalSettings } from './signal-settings';
import { StationSettings } from './station-settings';

const actor = { actorKind: 'admin' as const, actorId: 1 };

describe('signal settings', () => {
  it('take the landmark rate, the reading-speech switch and debouncing, within range', () => {
    const db = createTestDb();
    const settings = new StationSettings(db);
    const lines: string[] = [];
    expect(readSignalSettings(db, (l) => lines.push(l))).toEqual({
      thresholds: undefined,
      landmarkEvery: undefined,
      speechDuringReading: undefined,
    });
    settings.set('signals.landmarkEvery', 4, actor, 0);
    settings.set('signals.speechDuringReading', false, actor, 0);
    settings.set('signals.thresholds', { debounce: { no_face: { mergeGapMs: 1500 } } }, actor, 0);
    expect(readSignalSettings(db, (l) => lines.push(l))).toEqual({
      thresholds: { debounce: { no_face: { mergeGapMs: 1500 } } },
      landmarkEvery: 4,
      speechDuringReading: false,
    });
    expect(lines).toEqual([]);
    expect(() => settings.set('signals.landmarkEvery', 0, actor, 0)).toThrow(/every Nth/);
    expect(() => settings.set('signals.landmarkEvery', 2.5, actor, 0)).toThrow(/every Nth/);
    expect(() => settings.set('signals.speechDuringReading', 'no', actor, 0)).toThrow(
      /while the question is being read/,
    );
    expect(() =>
      settings.set('signals.thresholds', { debounce: { no_face: { gap: 1 } } }, actor, 0),
    ).toThrow(/signal thresholds .* — debounce\.no_face/);
    // The settings screen shows the debouncing defaults next to the thresholds.
    const thresholds = settings.list().find((v) => v.key === 'signals.thresholds');
    expect(thresholds?.fallback).toMatchObject({
      maxYaw: 45,
      debounce: { no_face: { minDurationMs: 1000, mergeGapMs: 500 } },
    });
  });

  it('leave out a stored value they cannot use, saying so, and keep the rest', () => {
    const db = createTestDb();
    writeSetting(db, 'signals.landmarkEvery', 40);
    writeSetting(db, 'signals.speechDuringReading', false);
    const lines: string[] = [];
    expect(readSignalSettings(db, (l) => lines.push(l))).toMatchObject({
      landmarkEvery: undefined,
      speechDuringReading: false,
    });
    expect(lines).toEqual([expect.stringMatching(/Ignoring the station's landmark rate/)]);
  });
});
