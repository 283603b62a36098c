import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * The user documentation: README.md and every Markdown file under docs/ (the guides, and any
 * draft in docs/parts/ not yet folded into them), as paths relative to the repository root.
 * docs/CONTRACTS.md is left out: contributors' notes whose code blocks are sketches.
 */
export function docFiles(): string[] {
  const docs = path.join(REPO_ROOT, 'docs');
  const guides = fs.existsSync(docs)
    ? fs.readdirSync(docs, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md') && f !== 'CONTRACTS.md')
      .map((f) => path.join('docs', f))
      .sort()
    : [];
  return ['README.md', ...guides];
}
