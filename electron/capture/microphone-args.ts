/**
 * ffmpeg as the microphone's recorder: dshow on Windows and avfoundation on macOS, where the
 * bundled ffmpeg is the one recorder an installed station always has (no sox there); ALSA on
 * Linux for stations that choose it. Output is what microphone.ts reads: raw 16 kHz mono
 * s16le on stdout, each packet flushed at once so the audio stays live (ffmpeg otherwise
 * holds 32 KiB, a second of it).
 */
export function microphoneFfmpegArgs(device: string, platform: NodeJS.Platform): string[] {
  const input =
    platform === 'win32'
      ? ['-f', 'dshow', '-i', `audio=${device}`]
      : platform === 'darwin'
        ? // avfoundation takes "video:audio"; an empty video part means audio only.
          ['-f', 'avfoundation', '-i', `:${device}`]
        : platform === 'linux'
          ? ['-f', 'alsa', '-i', device]
          : null;
  if (!input) throw new Error(`No ffmpeg microphone input for platform ${platform}`);
  const output = ['-ac', '1', '-ar', '16000', '-flush_packets', '1', '-f', 's16le', 'pipe:1'];
  return ['-hide_banner', '-nostats', '-nostdin', '-loglevel', 'error', ...input, ...output];
}

/**
 * The device ffmpeg opens when none is named: the system's default on macOS and Linux.
 * Windows' dshow has no default device, so there one must be named (capture-config.ts picks
 * the first microphone the system lists); null says so.
 */
export function defaultFfmpegMicrophone(platform: NodeJS.Platform): string | null {
  if (platform === 'darwin' || platform === 'linux') return 'default';
  return null;
}
