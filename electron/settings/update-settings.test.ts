import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { applyManagedConfig } from './managed-config';
import { StationSettings } from './station-settings';
import { readUpdateSettings } from './update-settings';

const actor = { actorKind: 'admin' as const, actorId: 1 };

function managedFile(content: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'managed-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('update settings', () => {
  it('are off by default: channel latest, every station, no server', () => {
    expect(readUpdateSettings(createTestDb())).toEqual({
      enabled: false,
      channel: 'latest',
      rolloutPercent: 100,
      url: null,
    });
  });

  it('take an admin’s switch, channel and share, each checked', () => {
    const db = createTestDb();
    const settings = new StationSettings(db);
    settings.set('updates.enabled', true, actor, 0);
    settings.set('updates.channel', 'beta', actor, 0);
    settings.set('updates.rolloutPercent', 25, actor, 0);
    expect(readUpdateSettings(db)).toMatchObject({
      enabled: true,
      channel: 'beta',
      rolloutPercent: 25,
    });
    for (const value of [101, -1, 12.5, '50']) {
      expect(() => settings.set('updates.rolloutPercent', value, actor, 0)).toThrow(
        /Share of stations/,
      );
    }
    expect(() => settings.set('updates.channel', 'nightly', actor, 0)).toThrow(
      /Which versions the station updates to/,
    );
    expect(() => settings.set('updates.enabled', 'yes', actor, 0)).toThrow(/Install new versions/);
    expect(readUpdateSettings(db).rolloutPercent).toBe(25);
    const views = settings.list();
    expect(views.find((v) => v.key === 'updates.channel')).toMatchObject({
      editable: true,
      restart: true,
      fallback: 'latest',
      choices: [
        expect.objectContaining({ value: 'latest' }),
        expect.objectContaining({ value: 'beta' }),
      ],
    });
  });

  it('leave the server’s address to IT: https only, withdrawn when the config drops it', () => {
    const db = createTestDb();
    expect(() =>
      new StationSettings(db).set('updates.url', 'https://updates.example.com/', actor, 0),
    ).toThrow(/managed configuration/);
    const url = 'https://updates.example.com/interview-station';
    const outcome = applyManagedConfig(
      db,
      managedFile({ 'updates.enabled': true, 'updates.url': url, 'updates.rolloutPercent': 10 }),
    );
    expect(outcome).toMatchObject({
      applied: ['updates.enabled', 'updates.url', 'updates.rolloutPercent'],
      problems: [],
    });
    expect(readUpdateSettings(db)).toEqual({
      enabled: true,
      channel: 'latest',
      rolloutPercent: 10,
      url,
    });
    const views = new StationSettings(db, new Set(outcome.applied)).list();
    expect(views.find((v) => v.key === 'updates.url')).toMatchObject({
      value: url,
      editable: false,
    });

    for (const bad of [
      'http://updates.example.com/',
      'https://user:secret@updates.example.com/',
      'file:///etc/passwd',
      'updates.example.com',
    ]) {
      const refused = applyManagedConfig(db, managedFile({ 'updates.url': bad }));
      expect(refused.problems, bad).toEqual([
        expect.stringMatching(/"updates.url" ignored: Use an https/),
      ]);
    }
    // The refused addresses above each withdrew the one IT had set: no file, no server.
    expect(readUpdateSettings(db).url).toBeNull();
    applyManagedConfig(db, managedFile({ 'updates.url': url }));
    applyManagedConfig(db, managedFile({}));
    expect(readUpdateSettings(db).url).toBeNull();
  });

  it('fall back to the default for a stored value that is no longer valid', () => {
    const db = createTestDb();
    writeSetting(db, 'updates.rolloutPercent', 400);
    writeSetting(db, 'updates.channel', 'nightly');
    writeSetting(db, 'updates.url', 'http://plain.example.com/');
    expect(readUpdateSettings(db)).toMatchObject({
      channel: 'latest',
      rolloutPercent: 100,
      url: null,
    });
  });
});
