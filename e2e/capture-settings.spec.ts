import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { readSetting } from '../electron/core/setting-store';
import { writeTinyModel } from '../electron/transcription/test-model';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin } from './fixtures/station';

test('an admin picks the microphone and camera from the station’s own list, used from the next start', async ({
  page,
  dataDir,
  startStation,
}) => {
  let station = await startStation();
  await signInFirstTime(page, station.url, adminLogin(station));
  await page
    .getByRole('navigation', { name: 'Staff areas' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { name: 'Station settings' })).toBeVisible();

  // The microphone is a choice among what arecord lists on this machine (PulseAudio here),
  // not a text box: there is no way to type a path.
  const microphone = page.getByRole('combobox', { name: /^Microphone/ });
  await expect(
    microphone.locator('option', { hasText: 'PulseAudio Sound Server (pulse)' }),
  ).toHaveCount(1);
  await expect(page.getByRole('textbox', { name: /Microphone|Camera/ })).toHaveCount(0);
  await microphone.selectOption({ label: 'PulseAudio Sound Server (pulse)' });
  // Keyboard only from here: Tab to Save, Enter.
  await microphone.focus();
  await page.keyboard.press('Tab');
  const microphoneRow = page.locator('form', { has: microphone });
  await expect(microphoneRow.getByRole('button', { name: 'Save' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(microphoneRow.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect(microphoneRow.getByText('applies after a restart')).toBeVisible();

  const camera = page.getByRole('combobox', { name: /^Camera/ });
  await camera.selectOption({ label: 'No camera' });
  await page.locator('form', { has: camera }).getByRole('button', { name: 'Save' }).click();
  await expect(
    page.locator('form', { has: camera }).getByRole('button', { name: 'Save' }),
  ).toBeDisabled();

  // Save is disabled while saving too: the stored values say both saves have landed.
  const db = openStationDb(dataDir);
  await expect.poll(() => readSetting(db, 'capture.microphone')).toBe('pulse');
  await expect.poll(() => readSetting(db, 'capture.camera')).toBe('none');
  db.$client.close();

  // Read at start: the next start follows the settings (no environment override this time).
  await station.stop();
  station = await startStation({ STATION_CAMERA: '' });
  expect(station.output).toContain(
    'Capture: no camera (station settings; audio and video questions are skipped), ' +
      'microphone pulse (station settings).',
  );
});

test('an admin picks the transcription model among the model files on the station, used from the next start', async ({
  page,
  dataDir,
  startStation,
}) => {
  // IT copied a model into the data folder's models/ (the tiny random-weight test model).
  mkdirSync(path.join(dataDir, 'models'));
  writeTinyModel(path.join(dataDir, 'models', 'team-model.bin'));
  let station = await startStation();
  await signInFirstTime(page, station.url, adminLogin(station));
  await page
    .getByRole('navigation', { name: 'Staff areas' })
    .getByRole('button', { name: 'Settings' })
    .click();

  // A choice among the files found, not a text box: no path can be typed.
  const model = page.getByRole('combobox', { name: /^Transcription model/ });
  await expect(model.locator('option')).toHaveText([
    'Automatic (first model found)',
    /^team-model\.bin \(not a published model, \d+ MB, data folder\)$/,
  ]);
  const row = page.locator('form', { has: model });
  await expect(row.getByText(/Now: No transcription model/)).toBeVisible();
  await expect(row.getByText('applies after a restart')).toBeVisible();
  // Keyboard only: the arrow picks the file, Tab reaches Save, Enter saves.
  await model.focus();
  await page.keyboard.press('ArrowDown');
  await expect(model).toHaveValue('team-model.bin');
  await page.keyboard.press('Tab');
  await expect(row.getByRole('button', { name: 'Save' })).toBeFocused();
  await page.keyboard.press('Enter');
  // Save is disabled while saving too, so the stored value is what says it has been saved.
  const db = openStationDb(dataDir);
  await expect.poll(() => readSetting(db, 'transcription.model')).toBe('team-model.bin');
  await expect(row.getByRole('button', { name: 'Save' })).toBeDisabled();
  db.$client.close();

  // Loaded at start: the next start uses the chosen file (unverified: it is not published).
  await station.stop();
  station = await startStation();
  await expect
    .poll(() => station.output.find((line) => line.startsWith('Transcription model')))
    .toMatch(/^Transcription model ready but UNVERIFIED: .*team-model\.bin/);
});
