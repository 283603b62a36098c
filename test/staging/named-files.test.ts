import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { assemblyObjects } from '../../lib/local/container-files';
import { folderContents, stageNamedFiles } from '../../lib/staging/named-files';

function tree(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staging-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function stage(files: Parameters<typeof stageNamedFiles>[2], stackProps = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'staging-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' }, ...stackProps });
  const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const staged = stageNamedFiles(stack, 'Files', files, role);
  return { app, stack, staged, outdir };
}

describe('staged files keep their names and folder tree', () => {
  test('a folder is listed as the SDK uploads it: every file by its path in the folder, subfolders included', () => {
    const dir = tree({ 'b.csv': 'b', 'sub/a.csv': 'a', 'sub/deeper/c.txt': 'c', '.hidden': 'h' });
    expect(folderContents(dir).files.map((f) => f.name)).toEqual(['.hidden', 'b.csv', 'sub/a.csv', 'sub/deeper/c.txt']);
    expect(folderContents(path.join(dir, 'sub', 'a.csv')).files).toEqual([{ name: 'a.csv', sourcePath: path.join(dir, 'sub', 'a.csv') }]);
  });

  test('symbolic links are followed, as the SDK\'s tar (dereference=True); one that leads nowhere or into its own folder is an error naming it', () => {
    const dir = tree({ 'process.py': 'p', 'shared/util.py': 'u' });
    fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'lib'));
    fs.symlinkSync(path.join(dir, 'process.py'), path.join(dir, 'main.py'));
    expect(folderContents(dir).files.map((f) => f.name)).toEqual(['lib/util.py', 'main.py', 'process.py', 'shared/util.py']);

    // Emacs keeps a lock file .#<name> as a symbolic link to user@host.pid while a file is edited.
    fs.symlinkSync('me@laptop.4242:1700000000', path.join(dir, 'shared', '.#util.py'));
    expect(() => folderContents(dir, 'Jobs/Job: code')).toThrow(`Jobs/Job: code: 'lib/.#util.py' in '${dir}' is a symbolic link to 'me@laptop.4242:1700000000', ` +
      "which does not exist (an editor's lock file .#<name> is such a link); remove it, or make it lead to a file");
    fs.rmSync(path.join(dir, 'shared', '.#util.py'));

    fs.symlinkSync('..', path.join(dir, 'shared', 'up'));
    expect(() => folderContents(dir, 'Jobs/Job: code')).toThrow(`Jobs/Job: code: 'lib/up' in '${dir}' is a symbolic link to '..', ` +
      'a folder that holds it, so its files would be uploaded without end; remove it');
  });

  test('each file is an asset keyed <set hash>/<its path>, whose staged bytes are the file', () => {
    const dir = tree({ 'census.csv': 'age,income\n1,2\n', 'sub/data.tar.gz': 'gz', 'README': 'no extension' });
    const { app, staged, outdir } = stage(folderContents(dir).files);
    app.synth();
    const prefix = /^s3:\/\/cdk-hnb659fds-assets-123456789012-eu-west-1\/([0-9a-f]{64})\/$/.exec(staged.prefixUri)![1];
    expect(staged.objectUris).toEqual({
      'README': `${staged.prefixUri}README`,
      'census.csv': `${staged.prefixUri}census.csv`,
      'sub/data.tar.gz': `${staged.prefixUri}sub/data.tar.gz`,
    });
    const objects = assemblyObjects(outdir).filter((o) => o.key.startsWith(`${prefix}/`)).map((o) => [o.key, fs.readFileSync(o.file, 'utf8')]).sort();
    expect(objects).toEqual([[`${prefix}/README`, 'no extension'], [`${prefix}/census.csv`, 'age,income\n1,2\n'], [`${prefix}/sub/data.tar.gz`, 'gz']]);
  });

  test('a name whose extension asset staging would lower-case keeps its case (App.JAR, Code.ZIP, data.tar.GZ)', () => {
    // aws-cdk-lib stages a copy of App.JAR as asset.<hash>.jar: staged as it is, the object would be App.jar.
    const dir = tree({ 'App.JAR': 'jar', 'Code.ZIP': 'zip', 'data.tar.GZ': 'gz', 'lib/Util.Jar': 'util', 'x.TGZ': 'tgz', 'all.TAR': 'tar' });
    const { app, staged, outdir } = stage(folderContents(dir).files);
    app.synth();
    const prefix = staged.prefixUri.replace(/^s3:\/\/[^/]+\//, '');
    const objects = assemblyObjects(outdir).filter((o) => o.key.startsWith(prefix)).map((o) => [o.key.slice(prefix.length), fs.readFileSync(o.file, 'utf8')]).sort();
    expect(objects).toEqual([['App.JAR', 'jar'], ['Code.ZIP', 'zip'], ['all.TAR', 'tar'], ['data.tar.GZ', 'gz'], ['lib/Util.Jar', 'util'], ['x.TGZ', 'tgz']]);
  });

  test('with asset staging disabled (cdk synth --no-staging), every file an asset names exists after synth: README, bin/tool, App.JAR', () => {
    // aws-cdk-lib then points assets at their source; files the library copies to keep their names must stay where the manifest says.
    const dir = tree({ 'README': 'no extension', 'bin/tool': '#!/bin/sh', 'App.JAR': 'jar', 'process.py': 'print(1)' });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'staging-out-'));
    const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
    const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const staged = stageNamedFiles(stack, 'Files', folderContents(dir).files, role);
    app.synth();
    const prefix = staged.prefixUri.replace(/^s3:\/\/[^/]+\//, '');
    const objects = assemblyObjects(outdir).filter((o) => o.key.startsWith(prefix)).map((o) => [o.key.slice(prefix.length), fs.readFileSync(o.file, 'utf8')]).sort();
    expect(objects).toEqual([['App.JAR', 'jar'], ['README', 'no extension'], ['bin/tool', '#!/bin/sh'], ['process.py', 'print(1)']]);
  });

  test('any file tree arrives under its names: each object key is <prefix><path> and holds the file (property)', () => {
    const unit = fc.constantFrom('a', 'B', 'z', 'R', 'E', 'J', 'G', 'P', 'y', '.', '-', '_', ' ', 'é', '中', '(', "'", '$', '#', '+', '%');
    const segment = fc.string({ unit, minLength: 1, maxLength: 10 }).filter((s) => s !== '.' && s !== '..');
    const extension = fc.constantFrom('', '.', '.py', '.sh', '.jar', '.JAR', '.Zip', '.tar.gz', '.tar.GZ', '.TGZ', '.tar', '.csv.gz');
    const filePath = fc.tuple(fc.array(segment, { maxLength: 2 }), segment, extension).map(([dirs, base, ext]) => [...dirs, `${base}${ext}`].join('/'));
    const trees = fc.uniqueArray(filePath, { minLength: 1, maxLength: 4 })
      .filter((names) => !names.some((a) => names.some((b) => b.startsWith(`${a}/`))));
    fc.assert(fc.property(trees, (names) => {
      const { app, staged, outdir } = stage(folderContents(tree(Object.fromEntries(names.map((n, i) => [n, `file ${i}`])))).files);
      app.synth();
      const objects = assemblyObjects(outdir);
      names.forEach((name, i) => {
        expect(staged.objectUris[name]).toBe(`${staged.prefixUri}${name}`);
        const object = objects.find((o) => `${staged.prefixUri.replace(/^s3:\/\/[^/]+\//, '')}${name}` === o.key);
        expect(object && fs.readFileSync(object.file, 'utf8')).toBe(`file ${i}`);
      });
    }), { numRuns: 40 });
  });

  test('text content is staged under its name; the same names and bytes give the same prefix', () => {
    const a = stage([{ name: 'configuration.json', content: '[]' }]);
    const b = stage([{ name: 'configuration.json', content: '[]' }]);
    const c = stage([{ name: 'configuration.json', content: '[{}]' }]);
    expect(a.staged.prefixUri).toBe(b.staged.prefixUri);
    expect(c.staged.prefixUri).not.toBe(a.staged.prefixUri);
  });

  test('a synthesizer that does not key assets by their source hash is refused, naming the file', () => {
    expect(() => stage([{ name: 'x.py', content: 'print(1)' }], { synthesizer: new LegacyStackSynthesizer() }))
      .toThrow("S: the stack synthesizer (LegacyStackSynthesizer) of stack S stores 'x.py' under a key chosen at deployment (a CloudFormation parameter), not under its own name");
  });

  test('two files with one name in a set are refused', () => {
    expect(() => stage([{ name: 'a.py', content: '1' }, { name: 'a.py', content: '2' }]))
      .toThrow("S: two files named 'a.py' would land in the same folder (Files): generated text and generated text; rename one, or leave one out");
  });

  test('the same set staged twice in one scope is uploaded once', () => {
    const { stack, staged } = stage([{ name: 'a.py', content: '1' }]);
    const role = new iam.Role(stack, 'R2', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    expect(stageNamedFiles(stack, 'Files', [{ name: 'a.py', content: '1' }], role)).toBe(staged);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('what an upload as S3 objects leaves out is said', () => {
  const folder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-'));
    fs.writeFileSync(path.join(dir, 'process.py'), 'print(1)\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'tool.sh'), 'echo hi\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'convert'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'notes.sh'), 'echo\n', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'out'));
    fs.mkdirSync(path.join(dir, 'cache', 'a'), { recursive: true });
    return dir;
  };

  test('executable scripts and programs lose their execute bit, empty folders do not arrive: one warning names them', () => {
    const stack = new Stack(new App(), 'TestStack');
    const dir = folder();
    const { files, emptyFolders } = folderContents(dir);
    expect(emptyFolders).toEqual(['cache/', 'out/']);
    stageNamedFiles(stack, 'Code', files, new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }), emptyFolders);
    Annotations.fromStack(stack).hasWarning('/TestStack', 'TestStack: Code: bin/convert, tool.sh are executable here and arrive without the execute bit ' +
      '(S3 keeps no file mode): run it through its interpreter (bash tool.sh) or chmod +x it in the entry point; the empty folders cache/, out/ do not arrive ' +
      '(S3 keeps no folders): create it in the code (os.makedirs(..., exist_ok=True)) [ack: cdk-sagemaker-processing:staged-file-modes]');
  });

  test('a folder with nothing to lose stages quietly', () => {
    const stack = new Stack(new App(), 'TestStack');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-'));
    fs.writeFileSync(path.join(dir, 'process.py'), 'print(1)\n', { mode: 0o755 });
    const { files, emptyFolders } = folderContents(dir);
    stageNamedFiles(stack, 'Code', files, new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }), emptyFolders);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
