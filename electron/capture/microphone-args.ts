/**
 * ffmpeg's microphone input where arecord/sox are absent: dshow on Windows, avfoundation on
 * macOS. Output is what microphone.ts reads: raw 16 kHz mono s16le on stdout.
 */
export function microphoneFfmpegArgs(device: string, platform: NodeJS.Platform): string[] {
  const input =
    platform === 'win32'
      ? ['-f', 'dshow', '-i', `audio=${device}`]
      : platform === 'darwin'
        ? // avfoundation takes "video:audio"; an empty video part means audio only.
          ['-f', 'avfoundation', '-i', `:${device}`]
        : null;
  if (!input) throw new Error(`No ffmpeg microphone input for platform ${platform}`);
  const output = ['-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'];
  return ['-hide_banner', '-nostats', '-loglevel', 'error', ...input, ...output];
}
