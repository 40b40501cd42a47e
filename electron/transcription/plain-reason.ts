/**
 * Error messages as staff should read them on screen: the first line only (a stack starts on
 * the next), file paths cut to their file name (the data folder's layout is nobody's concern on
 * a kiosk screen, and a model's file name is all IT needs to find it), and bounded in length.
 */

const MAX_LENGTH = 300;
// An absolute POSIX or Windows path, starting a word or after a quote or bracket.
const ABSOLUTE_PATH = /(^|[\s'"(`])((?:[A-Za-z]:)?[\\/][^\s'"()`]*)/g;

/** The file name at the end of a path (either separator). */
function fileName(file: string): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? file;
}

/** One plain line from an error message (see the file comment). */
export function plainReason(message: string): string {
  const [first = ''] = message.split(/\r?\n/);
  const line = first.replace(ABSOLUTE_PATH, (_, before: string, file: string) => {
    return `${before}${fileName(file)}`;
  });
  const trimmed = line.trim();
  return trimmed.length > MAX_LENGTH ? `${trimmed.slice(0, MAX_LENGTH - 1)}…` : trimmed;
}
