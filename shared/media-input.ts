/**
 * Whether an ffmpeg input is a plain view's loopback address (electron/core/plain-view.ts:
 * how a sealed recording is read) rather than a file path to check on disk.
 */
export function isPlainViewInput(input: string): boolean {
  return input.startsWith('http://127.0.0.1:');
}
