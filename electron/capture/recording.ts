/**
 * The session recording: H.264 in fragmented MP4, written by the camera's one ffmpeg process.
 *
 * Why fragmented MP4 (H.264, libx264 ultrafast) and not WebM (VP8), measured on this machine:
 * - Crash safety. SIGKILL after 6 s: the fragmented MP4 played 5.03 s; WebM played but with
 *   no duration (seeking breaks until it is remuxed on recovery); a plain MP4 was unplayable
 *   ("moov atom not found"), because its index is written only at the end. Fragmented MP4
 *   writes an empty moov up front and then self-contained moof+mdat fragments, one per
 *   keyframe; `-g 15` puts a keyframe every second, so a crash loses about a second.
 *   It also needs `-flush_packets 1`: without it ffmpeg 5.1 held the fragments in its output
 *   buffer and a SIGKILL after 4 s left a 28-byte file; with it, 3.0 s played.
 * - CPU at 640x480@15: fMP4 4.8–10.7% of one core vs WebM 9.1–18.9%.
 * - Playback: Chromium and Electron play H.264 MP4 (proprietary codecs are in Chrome and
 *   Electron builds; Debian's Chromium plays it too). Tests check that ffprobe reads h264 at
 *   the right size; playback in Chromium itself is verified by the e2e replay tests.
 * - Licensing, for IT: H.264 is patent-encumbered (encoded here through libx264 in ffmpeg),
 *   VP8 is royalty-free. A deployment that must avoid H.264 patents switches this file to
 *   WebM and remuxes recordings on recovery to restore their duration.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withPlainView } from '../core/plain-view';
import { ffprobePath } from '../signals/worker/media-decode';

/**
 * ffmpeg output options that encode the `[label]` stream of the filter graph into `file`, with
 * the microphone's track (ffmpeg input `audioInput`) as AAC when there is one. AAC because it
 * is the codec every MP4 player has; 48 kb/s is plenty for 16 kHz mono speech.
 */
export function recordingOutputArgs(
  label: string,
  file: string,
  fps: number,
  audioInput: number | null = null,
): string[] {
  return [
    '-map',
    `[${label}]`,
    ...(audioInput === null ? [] : ['-map', `${audioInput}:a`, '-c:a', 'aac', '-b:a', '48k']),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    String(fps),
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    // The AAC track starts with 1024 samples of encoder priming stamped before 0; by default
    // the muxer shifts every stream by that much, putting frame k at k/fps + 64 ms while the
    // session clock says k/fps (the picture trailed the sound by 64 ms, measured by
    // av-offset.test.ts). Left unshifted, video plays at its stamps; paced-audio.ts moves the
    // sound by the priming so that it does too.
    '-avoid_negative_ts',
    'disabled',
    // Each fragment goes to disk as soon as it is complete; see the note above.
    '-flush_packets',
    '1',
    // Never overwrite: an existing file is an earlier session's evidence.
    '-n',
    '-f',
    'mp4',
    file,
  ];
}

/** What ffprobe reads from a recording. */
export interface RecordingInfo {
  durationSeconds: number;
  codec: string;
  width: number;
  height: number;
}

/**
 * Reads a recording's duration, codec and size with ffprobe; rejects if it does not play.
 * Used after a crash to tell whether the recording survived.
 */
export async function probeRecording(
  file: string,
  ffprobe = ffprobePath(),
  filesKey: Buffer | null = null,
): Promise<RecordingInfo> {
  return withPlainView(file, filesKey, (input) => probeInput(input, file, ffprobe));
}

/** probeRecording of an ffmpeg input (the file, or its plain view); `file` names it in errors. */
export async function probeInput(
  input: string,
  file: string,
  ffprobe = ffprobePath(),
): Promise<RecordingInfo> {
  const { stdout } = await promisify(execFile)(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'format=duration:stream=codec_name,width,height',
    '-of',
    'json',
    input,
  ]);
  const parsed = JSON.parse(stdout) as {
    format?: { duration?: string };
    streams?: { codec_name?: string; width?: number; height?: number }[];
  };
  const stream = parsed.streams?.[0];
  const durationSeconds = Number(parsed.format?.duration);
  if (!stream || !Number.isFinite(durationSeconds)) {
    throw new Error(`${file} has no playable video stream`);
  }
  return {
    durationSeconds,
    codec: stream.codec_name ?? 'unknown',
    width: stream.width ?? 0,
    height: stream.height ?? 0,
  };
}
