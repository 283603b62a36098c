import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');

/** The layer table of docs/ARCHITECTURE.md: each `lib/<folder>/` row, in order, with the folders it says it imports. */
function documentedLayers(): { folder: string; imports: string[] }[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  return [...text.matchAll(/^\| `lib\/([a-z-]+)\/` \|.*\| ([^|]+) \|$/gm)].map((m) => ({
    folder: m[1],
    imports: m[2].trim() === '—' ? [] : m[2].split(',').map((s) => s.trim()),
  }));
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The files a file imports (relative imports, type-only ones included), resolved to paths. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles
    .filter((i) => i.fileName.startsWith('.'))
    .map((i) => path.resolve(path.dirname(file), i.fileName))
    .map((p) => [`${p}.ts`, path.join(p, 'index.ts'), p].find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? p);
}

const folderOf = (file: string) => path.relative(LIB, file).split(path.sep)[0];
const libFiles = tsFiles(LIB).filter((f) => path.dirname(f) !== LIB);

describe('docs/ARCHITECTURE.md layer table', () => {
  const layers = documentedLayers();

  test('lists every folder of lib/, once', () => {
    const folders = fs.readdirSync(LIB, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(layers.map((l) => l.folder).sort()).toEqual(folders);
  });

  test('says exactly which lib/ folders each layer imports', () => {
    const actual = new Map<string, Set<string>>(layers.map((l) => [l.folder, new Set()]));
    for (const file of libFiles) {
      for (const target of importsOf(file)) {
        if (!target.startsWith(LIB + path.sep)) continue;
        const to = folderOf(target);
        if (to !== folderOf(file)) actual.get(folderOf(file))?.add(to);
      }
    }
    expect(Object.fromEntries([...actual].map(([k, v]) => [k, [...v].sort()])))
      .toEqual(Object.fromEntries(layers.map((l) => [l.folder, [...l.imports].sort()])));
  });

  test('each layer imports only layers above it', () => {
    const order = layers.map((l) => l.folder);
    const downward = layers.flatMap((l) => l.imports.filter((i) => order.indexOf(i) < 0 || order.indexOf(i) >= order.indexOf(l.folder))
      .map((i) => `${l.folder} -> ${i}`));
    expect(downward).toEqual([]);
  });
});

describe('imports', () => {
  test('no files of lib/ import each other in a cycle', () => {
    const graph = new Map(libFiles.map((f) => [f, importsOf(f).filter((t) => t.startsWith(LIB + path.sep))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(LIB, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('the CLI does not import the Lambda handler', () => {
    const cliDirs = ['src/cli', 'cli/src'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));
    const handler = path.join(ROOT, 'src', 'run-handler');
    const offending = cliDirs.flatMap(tsFiles).filter((f) => importsOf(f).some((t) => t.startsWith(handler)));
    expect(cliDirs.length).toBeGreaterThan(0);
    expect(offending.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
