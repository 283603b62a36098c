import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** README.md and every Markdown file under docs/: where a guide's snippet may live. */
function markdownFiles(): string[] {
  const docs = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? docs(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []);
  return [path.join(root, 'README.md'), ...(fs.existsSync(path.join(root, 'docs')) ? docs(path.join(root, 'docs')) : [])];
}

/**
 * The first ```ts block under the heading `title` in README.md or docs/ (wherever the guide
 * moves), written to `file` with the package name pointed at lib/; returns `file`.
 */
export function docsSnippet(title: string, file: string): string {
  for (const md of markdownFiles()) {
    const text = fs.readFileSync(md, 'utf8');
    const heading = new RegExp(`^#+ ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').exec(text);
    if (!heading) continue;
    const block = /```ts\n([\s\S]*?)```/.exec(text.slice(heading.index));
    if (!block) throw new Error(`${md}: no ts snippet under '${title}'`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lib = path.relative(path.dirname(file), path.join(root, 'lib')).split(path.sep).join('/');
    fs.writeFileSync(file, block[1].replace(/from 'cdk-sagemaker-processing'/g, `from '${lib}'`));
    return file;
  }
  throw new Error(`no section '${title}' in README.md or docs/`);
}
