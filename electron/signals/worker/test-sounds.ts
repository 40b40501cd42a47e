/**
 * A bank of test sounds for voice detection, assembled at test time with sox from real
 * recordings that ship on the machine (whisper.cpp's jfk.wav, a male speaker with hiss; the
 * ALSA channel announcements in /usr/share/sounds/alsa, a female speaker, and its recorded
 * noise), mixed at known levels with synthetic noises, tones, chords and music-like note
 * sequences. Nothing is committed: every file is made in a temp folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { energyRegions, jfkWav, readAudio, type EnergyRegion } from './test-audio';
import { buildNonSpeech } from './test-noises';
import { ALSA_DIR, FORMAT, rmsLevel, sox, SPEECH_DBFS } from './test-sox';

export { SPEECH_DBFS };

const ALSA_VOICES = [
  'Front_Center',
  'Front_Left',
  'Front_Right',
  'Rear_Center',
  'Rear_Left',
  'Rear_Right',
  'Side_Left',
  'Side_Right',
];

export interface TestSound {
  name: string;
  samples: Float32Array;
}

export interface SoundBank {
  /** Each speech recording at its own level, then 20 dB quieter, alone and over noise or hum. */
  speech: { source: string; normal: TestSound; variants: TestSound[]; truth: EnergyRegion[] }[];
  /** Steady noises, tones, chords and music-like sequences: none of it is speech. */
  nonSpeech: TestSound[];
  dispose(): void;
}

/** Total length of some segments, ms. */
export function totalMs(segments: { startMs: number; endMs: number }[]): number {
  return segments.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
}

/** Share of the words (energy truth) that detected segments cover. */
export function speechRecall(
  segments: { startMs: number; endMs: number }[],
  truth: EnergyRegion[],
): number {
  let covered = 0;
  for (const word of truth) {
    for (const s of segments) {
      covered += Math.max(0, Math.min(word.endMs, s.endMs) - Math.max(word.startMs, s.startMs));
    }
  }
  return covered / totalMs(truth);
}

/**
 * Whether the recordings and tools the bank needs are on this machine (sox comes with
 * `native/setup.sh test`; an installed station has no sox, and its benches say so).
 */
export function soundBankAvailable(): boolean {
  const version = spawnSync('sox', ['--version']);
  return (
    version.status === 0 &&
    existsSync(jfkWav()) &&
    existsSync(path.join(ALSA_DIR, 'Front_Center.wav'))
  );
}

/** Speech over a noise bed of the same length; the speech keeps its level. */
function mix(dir: string, speech: string, noise: string, out: string): string {
  const file = path.join(dir, out);
  sox(['-m', '-v', '1', speech, '-v', '1', noise, ...FORMAT, file]);
  return file;
}

/**
 * Builds the bank in a fresh temp folder (about 4 MB of float32 WAV, a second or two of sox).
 * Levels are dBFS RMS for noises and dB of gain for tones; the quiet speech is each
 * recording turned down 20 dB, the "quiet speaker".
 */
export function buildSoundBank(): SoundBank {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vad-sounds-'));
  const at = (name: string) => path.join(dir, `${name}.wav`);
  const seconds = (file: string) =>
    Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());

  // Speech recordings, resampled to 16 kHz mono at a common level of -26 dBFS RMS (a
  // conversational voice on a laptop microphone), with a second of silence around them.
  sox([jfkWav(), ...FORMAT, at('jfk-raw')]);
  sox([rmsLevel(at('jfk-raw'), SPEECH_DBFS, dir), ...FORMAT, at('jfk'), 'pad', '1', '1']);
  const voices = ALSA_VOICES.map((name, i) => {
    const file = at(`alsa-${i}`);
    sox([path.join(ALSA_DIR, `${name}.wav`), ...FORMAT, file, 'pad', '0', '0.7']);
    return file;
  });
  sox([...voices, ...FORMAT, at('alsa-raw')]);
  sox([
    rmsLevel(at('alsa-raw'), SPEECH_DBFS, dir),
    ...FORMAT,
    at('alsa-voices'),
    'pad',
    '1',
    '0.3',
  ]);
  // The same speaker in a reverberant room: a voice in a room the recording never saw.
  sox([at('alsa-voices'), ...FORMAT, at('alsa-room'), 'reverb', '60', '50', '80']);

  const speech = ['jfk', 'alsa-voices', 'alsa-room'].map((source) => {
    const length = String(seconds(at(source)));
    const quiet = at(`${source}-quiet`);
    sox([at(source), ...FORMAT, quiet, 'vol', '-20dB']);
    // Noise beds under the quiet speaker (-46 dBFS): pink at -60 dBFS, a fan at about -60.
    const pink = at(`${source}-pink-bed`);
    sox(['-n', ...FORMAT, pink, 'synth', length, 'pinknoise']);
    const fan = at(`${source}-fan-bed`);
    sox(['-n', ...FORMAT, fan, 'synth', length, 'brownnoise', 'lowpass', '300', 'vol', '-54dB']);
    const normal = readAudio(at(source));
    // Where the words are: short-time energy of the dry recording (the room version has the
    // same words at the same times; its reverberant tail is not speech).
    const dry = source === 'alsa-room' ? readAudio(at('alsa-voices')) : normal;
    // Mains hum (60 Hz and two harmonics) at -50 dBFS: a steady tonal bed under the voice.
    const hum = at(`${source}-hum-bed`);
    sox([
      '-n',
      ...FORMAT,
      hum,
      'synth',
      length,
      'sine',
      '60',
      'sine',
      'mix',
      '120',
      'sine',
      'mix',
      '180',
      'vol',
      '-50dB',
    ]);
    return {
      source,
      truth: energyRegions(dry, { thresholdDb: SPEECH_DBFS - 18, minGapMs: 200 }),
      normal: { name: source, samples: normal },
      variants: [
        { name: `${source} −20 dB`, samples: readAudio(quiet) },
        {
          name: `${source} −20 dB + pink noise`,
          samples: readAudio(mix(dir, quiet, rmsLevel(pink, -60, dir), `${source}-q-pink.wav`)),
        },
        {
          name: `${source} −20 dB + fan noise`,
          samples: readAudio(mix(dir, quiet, fan, `${source}-q-fan.wav`)),
        },
        {
          name: `${source} −20 dB + mains hum`,
          samples: readAudio(mix(dir, quiet, hum, `${source}-q-hum.wav`)),
        },
      ],
    };
  });

  const nonSpeech = buildNonSpeech(dir);
  return { speech, nonSpeech, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
