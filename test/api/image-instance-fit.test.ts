import { imageFitProblem, imageInstanceFit, processorOfInstanceType } from '../../lib/api/image-instance-fit';

// The SDK's image_uris._processor and utils.get_instance_type_family (SDK 2.257.6).
describe('processor type of an instance type, as image_uris._processor', () => {
  test.each([
    ['ml.m5.xlarge', 'cpu'], ['ml.c5.2xlarge', 'cpu'], ['ml.t3.medium', 'cpu'], ['ml.r7i.large', 'cpu'],
    ['ml.g5.xlarge', 'gpu'], ['ml.g4dn.xlarge', 'gpu'], ['ml.p4d.24xlarge', 'gpu'], ['ml.p5.48xlarge', 'gpu'], ['ml.g7e.2xlarge', 'gpu'],
    ['ml.inf2.xlarge', 'inf'], ['ml.trn1.2xlarge', 'trn'],
  ])('%s → %s', (instanceType, processor) => {
    expect(processorOfInstanceType(instanceType, ['cpu', 'gpu'])).toBe(processor);
  });

  test('a family the image names itself is kept (e.g. images per c5 / p3)', () => {
    expect(processorOfInstanceType('ml.p3.2xlarge', ['cpu', 'p3'])).toBe('p3');
  });

  test('a token or a name the SDK would not parse has no processor type', () => {
    expect(processorOfInstanceType('${Token[TOKEN.12]}', ['cpu', 'gpu'])).toBeUndefined();
    expect(processorOfInstanceType('m5.xlarge', ['cpu', 'gpu'])).toBeUndefined();
  });
});

describe('which instance types a run may use with an image chosen by the job\'s instance types', () => {
  const cpuPyTorch = imageInstanceFit('PyTorch 2.8.0', 'cpu', ['ml.m5.xlarge'], ['cpu', 'gpu']);
  const gpuPyTorch = imageInstanceFit('PyTorch 2.8.0', 'gpu', ['ml.g5.xlarge'], ['cpu', 'gpu']);
  const sklearn = imageInstanceFit('scikit-learn 1.2-1', 'cpu', ['ml.m5.xlarge'], ['cpu']);

  test('a CPU image runs on CPU instances only; a GPU image on GPU and CPU instances', () => {
    expect(cpuPyTorch.runsOn).toEqual(['cpu']);
    expect(gpuPyTorch.runsOn).toEqual(['gpu', 'cpu']);
  });

  test.each([
    ['the CPU image on another CPU type', cpuPyTorch, 'ml.c5.2xlarge'],
    ['the GPU image on another GPU type', gpuPyTorch, 'ml.p4d.24xlarge'],
    ['the GPU image on a CPU type', gpuPyTorch, 'ml.m5.4xlarge'],
    ['a name that is not an instance type (the shape check reports it)', cpuPyTorch, 'g5.xlarge'],
  ])('no problem: %s', (_name, fit, instanceType) => {
    expect(imageFitProblem('instanceType', instanceType, fit)).toBeUndefined();
  });

  test('the CPU image on a GPU instance: refused, with the processorType that fits both', () => {
    expect(imageFitProblem('instanceType', 'ml.g5.xlarge', cpuPyTorch)).toBe(
      "instanceType ml.g5.xlarge (processor type gpu) does not fit the job's image: the cpu image of PyTorch 2.8.0, chosen for ml.m5.xlarge " +
      "when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): give the image processorType GPU " +
      '(a GPU image runs on CPU instances too)');
  });

  test('an image without a variant for the instance: refused, naming the variants there are', () => {
    expect(imageFitProblem('--instance-type', 'ml.p3.2xlarge', sklearn)).toBe(
      "--instance-type ml.p3.2xlarge (processor type gpu) does not fit the job's image: the cpu image of scikit-learn 1.2-1, chosen for ml.m5.xlarge " +
      "when the job was synthesized; a run keeps the job's image (AppSpecification.ImageUri): scikit-learn 1.2-1 has no gpu image (processor types: cpu)");
    expect(imageFitProblem('instanceType', 'ml.inf2.xlarge', gpuPyTorch)).toMatch(/\(processor type inf\) does not fit .*: PyTorch 2\.8\.0 has no inf image \(processor types: cpu, gpu\)$/);
  });
});
