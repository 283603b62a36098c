/**
 * The built command in a pseudo-terminal, as a person runs it: util-linux `script` gives it a pty
 * (stdin, stdout and stderr are the terminal; Ctrl-C is the byte 0x03, which the terminal turns
 * into SIGINT), and `screen()` renders what the terminal shows at the end — a tiny emulator of the
 * control sequences the command and its libraries write (cursor moves, line erases, colours).
 */
import { ChildProcess, spawn } from 'child_process';

/** A command running in a terminal or a pipe. */
export interface Running {
  /** Everything written so far (raw bytes as text). */
  readonly output: () => string;
  /** Types into the terminal (`\x03` is Ctrl-C, `\r` Enter). */
  readonly type: (text: string) => void;
  /** Resolves when `pattern` is on the rendered screen (or in the piped output). */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** The exit code. */
  readonly exit: Promise<number>;
}

function running(child: ChildProcess, render: (raw: string) => string): Running {
  let raw = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    const text = render(raw);
    for (const w of [...waiters]) {
      if (w.pattern.test(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    check();
  });
  child.stderr?.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    check();
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return {
    output: () => raw,
    type: (text) => child.stdin!.write(text),
    waitFor: (pattern, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not on screen after ${timeoutMs} ms: ${pattern}\n${render(raw)}`)), timeoutMs);
      waiters.push({ pattern, resolve: () => {
        clearTimeout(timer);
        resolve();
      } });
      check();
    }),
    exit,
  };
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs `node <main> <args>` in a terminal of `cols` × `rows`, with `env` added to a clean environment (no CI variable: a person's terminal). */
export function inTerminal(main: string, args: string[], env: { [key: string]: string }, cols = 100, rows = 40): Running {
  const command = `stty cols ${cols} rows ${rows}; exec ${[process.execPath, main, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: cleanEnv({ ...env, TERM: 'xterm-256color' }), stdio: ['pipe', 'pipe', 'pipe'] });
  return running(child, (raw) => screen(raw, cols));
}

/** Runs `node <main> <args>` with stdout and stderr piped (as in CI or `| tee`). */
export function piped(main: string, args: string[], env: { [key: string]: string }): Running {
  const child = spawn(process.execPath, [main, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  return running(child, (raw) => raw);
}

function cleanEnv(env: { [key: string]: string }): { [key: string]: string } {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'];
  return { ...Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])), ...env };
}

/**
 * What a terminal `cols` wide shows after `raw`: lines of the final screen (scrollback included),
 * trailing spaces trimmed. Handles printable text with auto-wrap, CR, LF, BS, CSI cursor moves
 * (A B C D G H), erases (K J) and ignores modes and colours (h l m).
 */
export function screen(raw: string, cols: number): string {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (lines[row] ??= []);
  const chars = [...raw];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\x1b' && chars[i + 1] === '[') {
      let j = i + 2;
      let params = '';
      while (j < chars.length && /[0-9;?]/.test(chars[j])) params += chars[j++];
      const final = chars[j];
      i = j;
      const n = Number(params.replace('?', '').split(';')[0] || '1');
      if (final === 'A') row = Math.max(0, row - n);
      else if (final === 'B') row += n;
      else if (final === 'C') col = Math.min(cols - 1, col + n);
      else if (final === 'D') col = Math.max(0, col - n);
      else if (final === 'G') col = n - 1;
      else if (final === 'H') {
        const [r, k] = params.split(';').map((p) => Number(p || '1'));
        row = (r ?? 1) - 1;
        col = (k ?? 1) - 1;
      } else if (final === 'K') {
        const mode = params === '' ? 0 : Number(params);
        const l = line();
        if (mode === 0) l.length = Math.min(l.length, col);
        else if (mode === 1) for (let k = 0; k <= col && k < l.length; k++) l[k] = ' ';
        else l.length = 0;
      } else if (final === 'J') {
        const mode = params === '' ? 0 : Number(params);
        if (mode === 0) {
          line().length = Math.min(line().length, col);
          lines.length = row + 1;
        }
      }
      continue;
    }
    if (c === '\x1b') {
      i++; // a two-character escape
      continue;
    }
    if (c === '\r') col = 0;
    else if (c === '\n') row++;
    else if (c === '\b') col = Math.max(0, col - 1);
    else if (c === '\x07') continue;
    else {
      if (col >= cols) {
        row++;
        col = 0;
      }
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = c;
    }
  }
  return Array.from({ length: lines.length }, (_, r) => (lines[r] ?? []).join('').trimEnd()).join('\n').replace(/\n+$/, '');
}
