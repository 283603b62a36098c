/**
 * Text from a container, made safe and readable on a terminal: one entry per line, each without
 * escape sequences or control characters. A `\r` inside a line (tqdm's progress bars redraw with
 * it) keeps what a terminal would leave visible, the text after the last `\r`; printed raw, it
 * would return the cursor to the line's start and overwrite the instance prefix.
 */

/** CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`) and two-character escape sequences. */
// eslint-disable-next-line no-control-regex -- control characters are what these expressions find
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
/** C0 controls but the tab, DEL, and the C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are what these expressions find
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/** The lines of a log message, cleaned. */
export function cleanLines(message: string): string[] {
  return message.replace(/\r?\n$/, '').split(/\r?\n/).map((line) => {
    const segments = line.split('\r');
    const visible = [...segments].reverse().find((s) => s.replace(ESCAPES, '').trim().length > 0) ?? '';
    return visible.replace(ESCAPES, '').replace(CONTROLS, '');
  });
}

/** `text` in pieces of at most `width` characters (at least 20), for a prefix on every screen line. */
export function wrap(text: string, width: number): string[] {
  const chars = [...text];
  const size = Math.max(20, width);
  if (chars.length <= size) return [text];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}
