import * as fs from 'fs';
import * as path from 'path';
import { ManagedImageRequest, managedImageUri, resolveManagedImage } from '../../lib/image/managed-image-table';

/**
 * The image the SDK's processors pick, call by call (test/image/sdk-processor-images.json, written by
 * scripts/sdk-processor-images.py with the SDK itself): every version and alias as given, with and
 * without a Python version, on a CPU and a GPU instance type.
 */
const ORACLE = JSON.parse(fs.readFileSync(path.join(__dirname, 'sdk-processor-images.json'), 'utf8')) as {
  source: string;
  rows: Array<[ManagedImageRequest['family'], string, string | null, 'pytorch' | 'tensorflow' | null, string | null, string, string]>;
};

describe('managed images: the same image as the SDK processor picks', () => {
  test('the oracle is the SDK release the table was generated from, and covers aliases and omitted Python versions', () => {
    expect(ORACLE.source).toMatch(/^aws\/sagemaker-python-sdk 2\.257\.6 /);
    expect(ORACLE.rows.length).toBeGreaterThan(500);
    // PyTorchProcessor(framework_version='2.8') keeps the alias in the tag; no py_version is the SDK's 'py3'.
    expect(ORACLE.rows).toContainEqual(['pytorch', '2.8', 'py312', null, null, 'ml.m5.xlarge', 'pytorch-training:2.8-cpu-py312']);
    expect(ORACLE.rows).toContainEqual(['pytorch', '0.4.0', null, null, null, 'ml.m5.xlarge', 'sagemaker-pytorch:0.4.0-cpu-py3']);
  });

  test.each(ORACLE.rows.map((r) => [`${r[0]} ${r[1]}${r[3] ? ` on ${r[3]} ${r[4]}` : ''} ${r[2] ?? '(no pyVersion)'} ${r[5]}`, r] as const))('%s', (_name, row) => {
    const [family, version, pyVersion, baseFramework, baseFrameworkVersion, instanceType, image] = row;
    const resolved = resolveManagedImage('Job', {
      family, label: family, version, pyVersion: pyVersion ?? undefined, instanceTypes: [instanceType],
      ...(baseFramework ? { baseFramework, baseFrameworkVersion: baseFrameworkVersion! } : {}),
    });
    expect(managedImageUri(resolved, 'us-west-2').split('.amazonaws.com/')[1]).toBe(image);
  });
});
