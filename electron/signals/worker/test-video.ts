/**
 * Test tooling: scripted clips made from still photos with ffmpeg, so detection tests run on
 * real faces with a known timeline (face present, gone, two faces…).
 */
import { execFileSync } from 'node:child_process';
import { ffmpegPath } from './media-decode';

export interface ClipPart {
  seconds: number;
  /** A photo, or null for a plain grey frame (nobody there). */
  image: string | null;
  /** Region of the photo in its own pixels. */
  crop?: { x: number; y: number; width: number; height: number };
}

/** Renders parts into one H.264 MP4 at the given size and rate; returns the output path. */
export function makeClip(
  parts: ClipPart[],
  outFile: string,
  { width = 640, height = 480, fps = 15 } = {},
): string {
  const inputs: string[] = [];
  const chains: string[] = [];
  parts.forEach((part, i) => {
    if (part.image) {
      inputs.push(
        '-loop',
        '1',
        '-framerate',
        String(fps),
        '-t',
        String(part.seconds),
        '-i',
        part.image,
      );
    } else {
      inputs.push(
        '-f',
        'lavfi',
        '-t',
        String(part.seconds),
        '-i',
        `color=c=gray:s=${width}x${height}:r=${fps}`,
      );
    }
    const crop = part.crop
      ? `crop=${part.crop.width}:${part.crop.height}:${part.crop.x}:${part.crop.y},`
      : '';
    chains.push(
      `[${i}:v]${crop}scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${i}]`,
    );
  });
  const concat = `${parts.map((_, i) => `[v${i}]`).join('')}concat=n=${parts.length}:v=1:a=0[out]`;
  execFileSync(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    [...chains, concat].join(';'),
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    String(fps),
    outFile,
  ]);
  return outFile;
}
