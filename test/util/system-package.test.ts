import * as fs from 'fs';
import * as path from 'path';
import { requireSystemPackage } from './system-package';

test('a test whose tool is absent fails, naming the Debian package and how to install it', () => {
  expect(() => requireSystemPackage('no-such-package', ['/nonexistent/tool', '--version'])).toThrow(
    'This test needs the Debian package no-such-package (listed in test/debian-packages.txt), and `/nonexistent/tool --version` failed '
    + '(spawnSync /nonexistent/tool ENOENT). Install it with `apt-get install -y no-such-package`, '
    + 'or run `npm test` as root, which installs the packages of test/debian-packages.txt.');
});

test('a tool that works passes', () => {
  expect(() => requireSystemPackage('nodejs', [process.execPath, '--version'])).not.toThrow();
});

test('npm test installs the listed packages first (pretest)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(pkg.scripts.pretest).toBe('node scripts/install-test-packages.js');
  const listed = fs.readFileSync(path.join(__dirname, '..', 'debian-packages.txt'), 'utf8').split('\n')
    .map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  expect(listed).toEqual(expect.arrayContaining(['python3-sklearn', 'python3']));
});
