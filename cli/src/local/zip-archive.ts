/**
 * Writes a directory as a zip archive, as `cdk deploy` publishes a directory asset (packaging
 * `zip`): the container of a deployed job finds that archive, not the folder, so a local run gives
 * it the same. Deflated entries, UTF-8 names, Unix modes kept (PKWARE APPNOTE 6.3.10, sections
 * 4.3.7 local file header, 4.3.12 central directory header, 4.3.16 end of central directory).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The files of `directory` (recursively, sorted), zipped into `zipFile`. */
export function zipDirectory(directory: string, zipFile: string): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const relative of filesOf(directory)) {
    const file = path.join(directory, relative);
    const data = fs.readFileSync(file);
    const compressed = zlib.deflateRawSync(data);
    const name = Buffer.from(relative.split(path.sep).join('/'), 'utf8');
    const crc = zlib.crc32(data);
    const mode = fs.statSync(file).mode & 0o777;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(0x21, 12); // date 1980-01-01: the same archive for the same files
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, 2.0: the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // regular file and its permissions
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(zipFile, Buffer.concat([...locals, ...centrals, end]));
}

function filesOf(directory: string): string[] {
  return (fs.readdirSync(directory, { recursive: true, withFileTypes: false }) as string[])
    .filter((relative) => fs.statSync(path.join(directory, relative)).isFile())
    .sort();
}
