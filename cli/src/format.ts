/** Text shapes of the command's output. */

/** `9s`, `2m 14s`, `1h 02m 03s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(rest).padStart(2, '0')}s`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** `2026-11-24 02:00:07Z` (UTC, seconds). */
export function timestamp(date: Date | undefined): string {
  return date ? date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '-';
}

/** The first line of a text in at most `width` characters, ending with `…` when anything was left out (a table cell). */
export function clip(text: string, width: number): string {
  const [first, ...rest] = text.split('\n');
  if (first.length <= width && rest.every((line) => !line.trim())) return first;
  return `${first.slice(0, width - 1).trimEnd()}…`;
}

/** A left-aligned table with a header row; columns separated by two spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** The status part of the progress line: `execution RUNNING · job InProgress`. */
export function statusText(executionStatus: string | undefined, jobStatus: string | undefined): string {
  return [executionStatus ? `execution ${executionStatus}` : undefined, jobStatus ? `job ${jobStatus}` : undefined]
    .filter((p) => p !== undefined).join(' · ');
}

/** The name part of an ARN (`…:execution:Machine:name` → `name`). */
export function arnName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
