import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProcessingCode } from '../../../lib';
import { BadInput } from '../bad-input';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-code-'));
fs.writeFileSync(path.join(folder, 'main.py'), 'print(1)\n');

export const CODE_ROWS: BadInput[] = [
  { category: 'code', name: 'a file that does not exist', build: () => ProcessingCode.fromAsset('/no/such/script.py'), error: "ProcessingCode.fromAsset: '/no/such/script.py' does not exist" },
  { category: 'code', name: 'a folder without entryPoint', build: () => ProcessingCode.fromAsset(folder), error: `ProcessingCode.fromAsset: '${folder}' is a folder; give entryPoint (the file in it that runs)` },
  { category: 'code', name: 'an entryPoint not in the folder', build: () => ProcessingCode.fromAsset(folder, { entryPoint: 'train.py' }), error: `ProcessingCode.fromAsset: entryPoint 'train.py' is not in '${folder}'` },
];
