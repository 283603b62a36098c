/**
 * The file system a sandboxed local run sees, described once and rendered two ways: as bubblewrap
 * arguments (`bwrap`, unprivileged) or as a shell script run by `unshare` in a private mount
 * namespace (root only). The host's directories are bound read-only (the job cannot change the
 * machine it runs on), `/tmp` is private and empty, the user's `~/.aws` is hidden (a deployed job
 * has its role's credentials, not the developer's), and the prepared folder is bound read-write
 * at `/opt/ml`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { shellQuote } from '../../../lib/processors/framework-bootstrap';

/** One step of the layout, in order. */
export type Mount =
  | { readonly kind: 'ro-bind' | 'bind'; readonly source: string; readonly target: string }
  | { readonly kind: 'symlink'; readonly linkTarget: string; readonly target: string }
  | { readonly kind: 'tmpfs' | 'dev' | 'proc' | 'dir'; readonly target: string };

/** Where the sandbox finds the run's interpreter aliases (`--interpreter python=/usr/bin/python3`). */
export const ALIAS_BIN = '/opt/.local-run/bin';

/** Directories of `/` the sandbox does not take from the host. */
const OWN = new Set(['proc', 'dev', 'tmp', 'opt', 'lost+found']);

/** The layout for a run: the host's `/` read-only, a private `/tmp`, `mlRoot` at `/opt/ml`, `aliasDir` at {@link ALIAS_BIN}. */
export function sandboxLayout(mlRoot: string, aliasDir: string, host: { root?: string; home?: string; interpreters?: string[] } = {}): Mount[] {
  const root = host.root ?? '/';
  const mounts: Mount[] = [];
  for (const entry of fs.readdirSync(root).sort()) {
    if (OWN.has(entry)) continue;
    const source = path.join(root, entry);
    const stat = fs.lstatSync(source);
    if (stat.isSymbolicLink()) mounts.push({ kind: 'symlink', linkTarget: fs.readlinkSync(source), target: `/${entry}` });
    else if (stat.isDirectory()) mounts.push({ kind: 'ro-bind', source, target: `/${entry}` });
  }
  mounts.push({ kind: 'dev', target: '/dev' }, { kind: 'proc', target: '/proc' }, { kind: 'tmpfs', target: '/tmp' });
  // An interpreter given under /tmp stays visible at its own path (the aliases point there).
  for (const file of host.interpreters ?? []) {
    if (file.startsWith('/tmp/')) mounts.push({ kind: 'ro-bind', source: file, target: file });
  }
  const home = host.home ?? os.homedir();
  if (fs.existsSync(path.join(home, '.aws'))) mounts.push({ kind: 'tmpfs', target: path.posix.join(home, '.aws') });
  // /opt is rebuilt so that /opt/ml can be created in it: the host's /opt entries, read-only, then the run's own.
  mounts.push({ kind: 'tmpfs', target: '/opt' });
  const opt = path.join(root, 'opt');
  if (fs.existsSync(opt)) {
    for (const entry of fs.readdirSync(opt).sort()) {
      if (entry === 'ml' || entry === '.local-run') continue;
      const source = path.join(opt, entry);
      if (fs.lstatSync(source).isSymbolicLink()) mounts.push({ kind: 'symlink', linkTarget: fs.readlinkSync(source), target: `/opt/${entry}` });
      else mounts.push({ kind: 'ro-bind', source, target: `/opt/${entry}` });
    }
  }
  mounts.push({ kind: 'bind', source: mlRoot, target: '/opt/ml' }, { kind: 'ro-bind', source: aliasDir, target: ALIAS_BIN });
  return mounts;
}

/** What runs in the sandbox. */
export interface SandboxProcess {
  readonly command: string[];
  readonly environment: { [key: string]: string };
  /** The container's host name (`algo-1`). */
  readonly hostname: string;
  /** No network (the job's `NetworkConfig.EnableNetworkIsolation`). */
  readonly isolateNetwork: boolean;
}

/** bubblewrap's command line for `mounts` and `proc` (bwrap(1)). */
export function bubblewrapCommand(mounts: Mount[], proc: SandboxProcess): string[] {
  const args = ['bwrap', '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', proc.hostname];
  if (proc.isolateNetwork) args.push('--unshare-net');
  for (const m of mounts) {
    switch (m.kind) {
      case 'ro-bind': args.push('--ro-bind', m.source, m.target); break;
      case 'bind': args.push('--bind', m.source, m.target); break;
      case 'symlink': args.push('--symlink', m.linkTarget, m.target); break;
      case 'tmpfs': args.push('--tmpfs', m.target); break;
      case 'dev': args.push('--dev', m.target); break;
      case 'proc': args.push('--proc', m.target); break;
      case 'dir': args.push('--dir', m.target); break;
    }
  }
  args.push('--chdir', '/', '--clearenv');
  for (const [key, value] of Object.entries(proc.environment)) args.push('--setenv', key, value);
  return [...args, '--', ...proc.command];
}

/**
 * `unshare`'s command line: new mount, PID, IPC and UTS namespaces (and network, when isolated),
 * and a script that builds the same tree on a tmpfs at `newRoot` (an empty host folder) and
 * `chroot`s into it (unshare(1), mount(8), chroot(8)). Root only.
 */
export function unshareCommand(mounts: Mount[], proc: SandboxProcess, newRoot: string): string[] {
  const q = shellQuote;
  const at = (target: string) => q(path.posix.join(newRoot, target));
  const lines = ['set -e', 'mount --make-rprivate /', `mount -t tmpfs tmpfs ${q(newRoot)}`];
  for (const m of mounts) {
    switch (m.kind) {
      case 'ro-bind':
      case 'bind': {
        const file = !fs.statSync(m.source).isDirectory();
        lines.push(file ? `mkdir -p ${q(path.posix.dirname(path.posix.join(newRoot, m.target)))} && touch ${at(m.target)}` : `mkdir -p ${at(m.target)}`);
        lines.push(`mount --rbind ${q(m.source)} ${at(m.target)}`);
        if (m.kind === 'ro-bind') lines.push(`mount -o remount,bind,ro ${at(m.target)}`);
        break;
      }
      case 'symlink': lines.push(`ln -s ${q(m.linkTarget)} ${at(m.target)}`); break;
      case 'tmpfs': lines.push(`mkdir -p ${at(m.target)}`, `mount -t tmpfs tmpfs ${at(m.target)}`); break;
      case 'dev': lines.push(`mkdir -p ${at(m.target)}`, `mount --rbind /dev ${at(m.target)}`); break;
      case 'proc': lines.push(`mkdir -p ${at(m.target)}`, `mount -t proc proc ${at(m.target)}`); break;
      case 'dir': lines.push(`mkdir -p ${at(m.target)}`); break;
    }
  }
  lines.push(`hostname ${q(proc.hostname)}`);
  const env = Object.entries(proc.environment).map(([k, v]) => q(`${k}=${v}`));
  lines.push(`exec chroot ${q(newRoot)} /usr/bin/env -i ${env.join(' ')} ${proc.command.map(q).join(' ')}`);
  const namespaces = ['--mount', '--pid', '--fork', '--ipc', '--uts', '--kill-child', ...(proc.isolateNetwork ? ['--net'] : [])];
  return ['unshare', ...namespaces, 'sh', '-c', lines.join('\n')];
}
