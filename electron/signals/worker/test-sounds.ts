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

const ALSA_DIR = '/usr/share/sounds/alsa';
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
  const sox = spawnSync('sox', ['--version']);
  return (
    sox.status === 0 && existsSync(jfkWav()) && existsSync(path.join(ALSA_DIR, 'Front_Center.wav'))
  );
}

// Every file is 16 kHz mono 32-bit float, the VAD's rate, so mixing never resamples.
/** The normal speaking level of every speech recording in the bank, dBFS RMS. */
export const SPEECH_DBFS = -26;

const FORMAT = ['-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32'];

function sox(args: string[]): void {
  // -R: sox seeds its noise generators the same way every run, so a failure repeats.
  execFileSync('sox', ['-q', '-R', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
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

  const nonSpeech: TestSound[] = [];
  const make = (name: string, args: string[]) => {
    const file = at(name.replace(/[^a-z0-9]+/gi, '-'));
    sox(['-n', ...FORMAT, file, ...args]);
    nonSpeech.push({ name, samples: readAudio(file) });
  };
  for (const color of ['white', 'pink', 'brown'] as const) {
    for (const level of [-50, -35, -20]) {
      const raw = at(`${color}-raw`);
      sox(['-n', ...FORMAT, raw, 'synth', '8', `${color}noise`]);
      nonSpeech.push({
        name: `${color} noise ${level} dBFS`,
        samples: readAudio(rmsLevel(raw, level, dir)),
      });
    }
  }
  make('fan (low-passed brown noise + 120 Hz hum)', [
    'synth',
    '8',
    'brownnoise',
    'sine',
    'mix',
    '120',
    'lowpass',
    '400',
    'vol',
    '-30dB',
  ]);
  // The ALSA package's own recorded noise, looped to 8 s.
  const alsaNoise = at('alsa-noise');
  sox([path.join(ALSA_DIR, 'Noise.wav'), ...FORMAT, alsaNoise, 'repeat', '5']);
  nonSpeech.push({ name: 'ALSA Noise.wav (recorded)', samples: readAudio(alsaNoise) });

  make('tone 440 Hz −20 dB', ['synth', '8', 'sine', '440', 'vol', '-20dB']);
  make('tone 1 kHz −35 dB', ['synth', '8', 'sine', '1000', 'vol', '-35dB']);
  // A phone ringing: 440 + 480 Hz, 2 s on and 1 s off (the North American ring).
  const ring = at('ring-burst');
  sox(['-n', ...FORMAT, ring, 'synth', '2', 'sine', '440', 'sine', 'mix', '480', 'pad', '0', '1']);
  const ringing = at('ringing');
  sox([ring, ...FORMAT, ringing, 'repeat', '2', 'vol', '-15dB']);
  nonSpeech.push({ name: 'phone ring 440+480 Hz', samples: readAudio(ringing) });
  // DTMF-like digits: dual tones of 150 ms with 100 ms gaps, close to a syllable rate.
  const keys: [number, number][] = [
    [697, 1209],
    [770, 1336],
    [852, 1477],
    [941, 1336],
    [697, 1336],
    [770, 1477],
    [852, 1209],
    [941, 1477],
    [697, 1477],
    [770, 1209],
    [852, 1336],
    [941, 1209],
  ];
  const digits = keys.map(([low, high], i) => {
    const file = at(`dtmf-${i}`);
    sox([
      '-n',
      ...FORMAT,
      file,
      'synth',
      '0.15',
      'sine',
      `${low}`,
      'sine',
      'mix',
      `${high}`,
      'pad',
      '0',
      '0.1',
    ]);
    return file;
  });
  const dtmf = at('dtmf');
  sox([...digits, ...digits, ...FORMAT, dtmf, 'vol', '-15dB']);
  nonSpeech.push({ name: 'DTMF-like dual tones', samples: readAudio(dtmf) });
  make('sustained chord C-E-G (triangle)', [
    'synth',
    '8',
    'triangle',
    'C4',
    'triangle',
    'mix',
    'E4',
    'triangle',
    'mix',
    'G4',
    'vol',
    '-20dB',
  ]);
  make('sustained chord A-C#-E (sawtooth, tremolo)', [
    'synth',
    '8',
    'sawtooth',
    'A3',
    'sawtooth',
    'mix',
    'C#4',
    'sawtooth',
    'mix',
    'E4',
    'tremolo',
    '5',
    '40',
    'vol',
    '-25dB',
  ]);
  // Loud buzzy harmonic sounds Silero alone calls speech for seconds (measured): a pulsing
  // buzzer or alarm at a syllable-like rate, a siren's glide, a chord with tremolo.
  for (const level of [-6, -20, -35]) {
    make(`pulsing buzzer 150 Hz, 4/s, ${level} dB`, [
      'synth',
      '6',
      'sawtooth',
      '150',
      'tremolo',
      '4',
      '90',
      'bandpass',
      '1000',
      '800',
      'vol',
      `${level}dB`,
    ]);
    make(`pulsing two-tone alarm 200+300 Hz, 3/s, ${level} dB`, [
      'synth',
      '6',
      'square',
      '200',
      'square',
      'mix',
      '300',
      'tremolo',
      '3',
      '90',
      'vol',
      `${level}dB`,
    ]);
  }
  make('siren glide 120–180 Hz (sawtooth) −8 dB', [
    'synth',
    '6',
    'sawtooth',
    '120-180',
    'vol',
    '-8dB',
    'lowpass',
    '1500',
  ]);
  make('siren glide 180–260 Hz (band-passed) −6 dB', [
    'synth',
    '6',
    'sawtooth',
    '180-260',
    'bandpass',
    '700',
    '400',
    'vol',
    '-6dB',
  ]);
  make('glide 300–600 Hz (triangle) −6 dB', ['synth', '6', 'triangle', '300-600', 'vol', '-6dB']);
  make('chord A-C#-E with 4 Hz tremolo −6 dB', [
    'synth',
    '6',
    'sawtooth',
    'A2',
    'sawtooth',
    'mix',
    'C#3',
    'sawtooth',
    'mix',
    'E3',
    'tremolo',
    '4',
    '80',
    'vol',
    '-6dB',
  ]);
  // Music-like: plucked melodies at 4 notes a second, and chords changing twice a second.
  const melody = ['C4', 'E4', 'G4', 'C5', 'B4', 'G4', 'E4', 'D4', 'F4', 'A4', 'C5', 'A4'];
  nonSpeech.push(sequence(dir, 'plucked melody, 4 notes/s', melody, 0.25, 'pluck'));
  nonSpeech.push(sequence(dir, 'triangle melody, 3 notes/s', melody, 0.33, 'triangle'));
  nonSpeech.push(chords(dir));
  return { speech, nonSpeech, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of `file` scaled to an RMS level in dBFS (sox's `gain -n` sets the peak, not RMS). */
function rmsLevel(file: string, levelDb: number, dir: string): string {
  // sox prints its stats on stderr.
  const report = spawnSync('sox', [file, '-n', 'stats'], { encoding: 'utf8' }).stderr;
  const rms = Number(/RMS lev dB\s+(-?[\d.]+)/.exec(report)?.[1]);
  if (!Number.isFinite(rms)) throw new Error(`no RMS level for ${file}`);
  const out = path.join(dir, `${path.basename(file, '.wav')}-at${levelDb}.wav`);
  sox([file, ...FORMAT, out, 'gain', `${levelDb - rms}`]);
  return out;
}

function sequence(
  dir: string,
  name: string,
  notes: string[],
  noteSeconds: number,
  wave: 'pluck' | 'triangle',
): TestSound {
  const parts = [...notes, ...notes].map((note, i) => {
    const file = path.join(dir, `${wave}-${i}.wav`);
    const args = ['-n', ...FORMAT, file, 'synth', `${noteSeconds}`, wave, note];
    // The triangle notes get a short fade so each note starts and ends like a played one.
    sox(wave === 'triangle' ? [...args, 'fade', '0.02', '-0', '0.05'] : args);
    return file;
  });
  const out = path.join(dir, `${wave}-melody.wav`);
  sox([...parts, ...FORMAT, out, 'vol', '-15dB']);
  return { name, samples: readAudio(out) };
}

function chords(dir: string): TestSound {
  const progression = [
    ['C4', 'E4', 'G4'],
    ['A3', 'C4', 'E4'],
    ['F3', 'A3', 'C4'],
    ['G3', 'B3', 'D4'],
  ];
  const parts = [...progression, ...progression, ...progression, ...progression].map((notes, i) => {
    const file = path.join(dir, `chord-${i}.wav`);
    const [a = 'C4', b = 'E4', c = 'G4'] = notes;
    sox([
      '-n',
      ...FORMAT,
      file,
      'synth',
      '0.5',
      'sawtooth',
      a,
      'sawtooth',
      'mix',
      b,
      'sawtooth',
      'mix',
      c,
      'fade',
      '0.01',
      '-0',
      '0.05',
    ]);
    return file;
  });
  const out = path.join(dir, 'chords.wav');
  sox([...parts, ...FORMAT, out, 'vol', '-20dB']);
  return { name: 'chord progression, 2 chords/s (sawtooth)', samples: readAudio(out) };
}
