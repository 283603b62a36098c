import * as fs from 'fs';
import * as path from 'path';
import { docFiles, REPO_ROOT } from './util/doc-files';

/**
 * Every relative link of README.md and docs/**\/*.md resolves: the file or folder exists, and an
 * anchor (`guide.md#section`, `#section`) names a heading of that Markdown file, slugged as GitHub
 * slugs headings. Links to the web (http, https, mailto) are not fetched: the tests run offline.
 */
const MARKDOWN = [...docFiles(), 'docs/CONTRACTS.md'].filter((f) => fs.existsSync(path.join(REPO_ROOT, f)));

/** The text outside fenced code blocks. */
function unfenced(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
}

/** The text outside fenced code blocks and inline code, where a `[x](y)` is a link. */
function prose(text: string): string {
  return unfenced(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of unfenced(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function links(file: string): string[] {
  const text = prose(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

function problem(file: string, link: string): string | undefined {
  if (/^(https?|mailto):/.test(link)) return undefined;
  const [target, anchor] = link.split('#', 2);
  const resolved = target === '' ? path.join(REPO_ROOT, file) : path.resolve(path.dirname(path.join(REPO_ROOT, file)), decodeURIComponent(target));
  if (!resolved.startsWith(REPO_ROOT)) return `${file}: ${link} points outside the repository`;
  if (!fs.existsSync(resolved)) return `${file}: ${link}: no such file ${path.relative(REPO_ROOT, resolved)}`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md')) return `${file}: ${link}: an anchor into a file that is not Markdown`;
  const anchors = headingAnchors(fs.readFileSync(resolved, 'utf8'));
  return anchors.has(anchor) ? undefined : `${file}: ${link}: ${path.relative(REPO_ROOT, resolved)} has no heading #${anchor} (it has: ${[...anchors].join(', ')})`;
}

test('the README and the guides link to each other', () => {
  const all = MARKDOWN.flatMap((f) => links(f));
  expect(all.filter((l) => !/^(https?|mailto):/.test(l)).length).toBeGreaterThan(20);
});

test.each(MARKDOWN)('every relative link and anchor of %s resolves', (file) => {
  expect(links(file).map((l) => problem(file, l)).filter((p) => p !== undefined)).toEqual([]);
});

test('anchors are slugged as GitHub slugs headings', () => {
  expect([...headingAnchors([
    '# Run it: the `run` command',
    '## SageMaker Python SDK call → this library',
    '## Execution input: overrides for people, the run form for machines',
    '```sh', '# not a heading', '```',
    '## Notes', '## Notes',
  ].join('\n'))]).toEqual([
    'run-it-the-run-command', 'sagemaker-python-sdk-call--this-library', 'execution-input-overrides-for-people-the-run-form-for-machines', 'notes', 'notes-1',
  ]);
});
