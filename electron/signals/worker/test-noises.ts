/**
 * The non-speech half of the test sound bank (test-sounds.ts): steady noises at several levels,
 * a fan, the ALSA package's recorded noise, tones, a phone ring, DTMF-like digits, held and
 * pulsing chords and buzzers, sirens, and music-like melodies and chord progressions.
 */
import path from 'node:path';
import { readAudio } from './test-audio';
import { ALSA_DIR, FORMAT, rmsLevel, sox } from './test-sox';
import type { TestSound } from './test-sounds';

/** Builds every non-speech sound in `dir`. */
export function buildNonSpeech(dir: string): TestSound[] {
  const at = (name: string) => path.join(dir, `${name}.wav`);
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
  return nonSpeech;
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
