/**
 * A small real FFT for the 512-sample VAD frames: enough spectrum to tell speech from tones and
 * steady noise without a second model. Radix-2, in place, with the twiddles and window made once.
 */
export class FrameSpectrum {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly window: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly bitReverse: Uint32Array;
  /** Power per bin, 0..size/2, refreshed by `analyse`. */
  readonly power: Float64Array;

  constructor(readonly size: number) {
    if (size < 2 || (size & (size - 1)) !== 0) throw new RangeError('FFT size must be 2^k');
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.power = new Float64Array(size / 2 + 1);
    // Hann: the side lobes of a rectangular window would smear a pure tone over the spectrum.
    this.window = Float64Array.from(
      { length: size },
      (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size),
    );
    this.cos = Float64Array.from({ length: size / 2 }, (_, i) =>
      Math.cos((2 * Math.PI * i) / size),
    );
    this.sin = Float64Array.from(
      { length: size / 2 },
      (_, i) => -Math.sin((2 * Math.PI * i) / size),
    );
    this.bitReverse = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
  }

  /** Windows `frame` (length `size`) and fills `power`. */
  analyse(frame: Float32Array): Float64Array {
    const { re, im, size } = this;
    for (let i = 0; i < size; i++) {
      const j = this.bitReverse[i] ?? 0;
      re[j] = (frame[i] ?? 0) * (this.window[i] ?? 0);
      im[j] = 0;
    }
    for (let half = 1; half < size; half <<= 1) {
      const step = size / (2 * half);
      for (let start = 0; start < size; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step] ?? 1;
          const wi = this.sin[k * step] ?? 0;
          const a = start + k;
          const b = a + half;
          const br = re[b] ?? 0;
          const bi = im[b] ?? 0;
          const tr = wr * br - wi * bi;
          const ti = wr * bi + wi * br;
          re[b] = (re[a] ?? 0) - tr;
          im[b] = (im[a] ?? 0) - ti;
          re[a] = (re[a] ?? 0) + tr;
          im[a] = (im[a] ?? 0) + ti;
        }
      }
    }
    for (let k = 0; k <= size / 2; k++) this.power[k] = (re[k] ?? 0) ** 2 + (im[k] ?? 0) ** 2;
    return this.power;
  }
}
