import { LevelNormaliser, type NormaliserOptions } from './level-normaliser';
import { SpeechTexture, type TextureOptions } from './speech-texture';
import { rmsOf, VAD_FRAME, type VoiceActivity, type VoiceFrame } from './vad';

export interface VoiceDetectorOptions {
  /** Lift quiet input before Silero hears it (off: Silero hears the microphone as it is). */
  normalise: boolean;
  /** Refuse tonal or stationary windows whatever Silero says. */
  texture: boolean;
  normaliser?: Partial<NormaliserOptions>;
  textureOptions?: Partial<TextureOptions>;
}

export const DEFAULT_DETECTOR: VoiceDetectorOptions = { normalise: true, texture: true };

export interface DetectedVoice extends VoiceFrame {
  /** Silero's probability before the texture check. */
  sileroProbability: number;
  /** Gain the normaliser gave this frame, dB. */
  gainDb: number;
  /** The texture check's verdict on the half second ending with this frame. */
  speechLike: boolean;
}

/**
 * Silero with the two things it lacks for a station's rooms: a slow gain so a quiet speaker is
 * heard (level-normaliser.ts), and a texture check so tones, music and steady noise are not
 * speech (speech-texture.ts). `probability` is what the segmenter should use: Silero's, or 0
 * when the texture says the sound is not speech. `rms` stays the microphone's own level.
 *
 * CPU (npm run bench:signals, 2-core Xeon dev box): the gain, FFT and window cost about
 * 1.1 ms per second of audio (0.04 ms a 32 ms frame) beside Silero's ~8 ms; 0.9% of a core
 * for the whole detector.
 */
export class VoiceDetector {
  private readonly options: VoiceDetectorOptions;
  private readonly level: LevelNormaliser;
  private readonly texture: SpeechTexture;

  constructor(
    private readonly vad: Pick<VoiceActivity, 'process' | 'reset'>,
    options: Partial<VoiceDetectorOptions> = {},
  ) {
    this.options = { ...DEFAULT_DETECTOR, ...options };
    this.level = new LevelNormaliser(this.options.normaliser);
    this.texture = new SpeechTexture(VAD_FRAME, this.options.textureOptions);
  }

  /** Scores one 512-sample frame; frames must be awaited one after another. */
  async process(frame: Float32Array): Promise<DetectedVoice> {
    const rms = rmsOf(frame);
    let input = frame;
    let gainDb = 0;
    if (this.options.normalise) {
      const gain = this.level.gainFor(rms);
      gainDb = this.level.currentGainDb;
      if (gain !== 1) {
        // A copy: Silero reads its frame when its turn comes, and the caller's buffer is reused.
        input = new Float32Array(frame.length);
        for (let i = 0; i < frame.length; i++) input[i] = (frame[i] ?? 0) * gain;
      }
    }
    const { probability: sileroProbability } = await this.vad.process(input);
    const speechLike = this.options.texture ? this.texture.push(frame, rms).speechLike : true;
    return {
      probability: speechLike ? sileroProbability : 0,
      sileroProbability,
      rms,
      gainDb,
      speechLike,
    };
  }

  /**
   * After a gap in the audio (the microphone stopped, or a new recording): Silero's recurrent
   * state and the texture window describe audio that is no longer next to the frames coming, so
   * they start afresh. `levels` also forgets the speaker's level, for a new recording.
   */
  reset(levels = true): void {
    this.vad.reset();
    this.texture.reset();
    if (levels) this.level.reset();
  }
}
