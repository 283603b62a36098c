#!/usr/bin/env node
// Extracts the two published contracts a rendered CreateProcessingJob request must keep:
//
// 1. the SageMaker API model (botocore's botocore/data/sagemaker/<api version>/service-2.json):
//    the CreateProcessingJobRequest shape and every shape it reaches (names, types, required
//    members, lengths, patterns, ranges, enums), written to test/contracts/models/sagemaker-create-processing-job.json;
// 2. CloudFormation's resource schema of AWS::SageMaker::ProcessingJob as the npm package
//    @aws-cdk/aws-service-spec (a devDependency) publishes it (properties, types, required
//    properties, enums, replacement), written to test/contracts/models/cfn-sagemaker-processing-job.json,
//    and its InstanceType enum to lib/run/cfn-instance-types.ts (the deploy-time run checks it at synth).
//
// Run: node scripts/generate-contracts.js <botocore> [--out-dir <folder>]
//   <botocore> is a botocore checkout (its root folder) or a bare git directory of boto/botocore
//   (then the file is read from HEAD with `git show`). The output names the botocore version
//   (botocore/__init__.py) and commit, and the @aws-cdk/aws-service-spec version.
// Nothing is typed by hand: to follow AWS, run it again on a newer botocore or service spec.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const API_VERSION = '2017-07-24';
const MODEL_PATH = `botocore/data/sagemaker/${API_VERSION}/service-2.json`;
const ROOT_SHAPE = 'CreateProcessingJobRequest';
const CFN_TYPE = 'AWS::SageMaker::ProcessingJob';

function usage(message) {
  console.error(`${message}\nusage: node scripts/generate-contracts.js <botocore checkout or bare git dir> [--out-dir <folder>]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const botocore = args[0];
if (!botocore || botocore.startsWith('--')) usage('missing the botocore checkout or git directory');
const outIndex = args.indexOf('--out-dir');
const root = path.join(__dirname, '..');
const modelsDir = outIndex >= 0 ? args[outIndex + 1] : path.join(root, 'test', 'contracts', 'models');
const libFile = outIndex >= 0 ? path.join(modelsDir, 'cfn-instance-types.ts') : path.join(root, 'lib', 'run', 'cfn-instance-types.ts');

/** A file of botocore, from a checkout or from HEAD of a bare git directory, and the commit when there is one. */
function readBotocore(file) {
  const checkout = path.join(botocore, file);
  if (fs.existsSync(checkout)) return fs.readFileSync(checkout, 'utf8');
  return execFileSync('git', [`--git-dir=${botocore}`, 'show', `HEAD:${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function botocoreCommit() {
  const gitDir = fs.existsSync(path.join(botocore, '.git')) ? path.join(botocore, '.git') : botocore;
  try {
    return execFileSync('git', [`--git-dir=${gitDir}`, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (not a git checkout)';
  }
}

// ---- 1. the SageMaker API model -------------------------------------------------------------
const service = JSON.parse(readBotocore(MODEL_PATH));
const versionMatch = /__version__ = '([^']+)'/.exec(readBotocore('botocore/__init__.py'));
if (!versionMatch) throw new Error('botocore/__init__.py has no __version__');
if (!service.shapes[ROOT_SHAPE]) throw new Error(`${MODEL_PATH} has no shape ${ROOT_SHAPE}`);

/** The shape, with only what validation needs (no documentation, no serialization hints). */
function keptShape(shape) {
  const kept = { type: shape.type };
  for (const key of ['required', 'min', 'max', 'pattern', 'enum']) if (shape[key] !== undefined) kept[key] = shape[key];
  if (shape.members) kept.members = Object.fromEntries(Object.entries(shape.members).map(([name, m]) => [name, m.shape]));
  if (shape.member) kept.member = shape.member.shape;
  if (shape.key) kept.key = shape.key.shape;
  if (shape.value) kept.value = shape.value.shape;
  return kept;
}

const shapes = {};
const queue = [ROOT_SHAPE];
while (queue.length > 0) {
  const name = queue.shift();
  if (shapes[name]) continue;
  const shape = service.shapes[name];
  if (!shape) throw new Error(`${MODEL_PATH}: shape ${name} is referenced but not defined`);
  shapes[name] = keptShape(shape);
  const k = shapes[name];
  queue.push(...Object.values(k.members ?? {}), ...[k.member, k.key, k.value].filter(Boolean));
}
const sortedShapes = Object.fromEntries(Object.keys(shapes).sort().map((n) => [n, shapes[n]]));
const sagemakerModel = {
  source: {
    name: 'botocore',
    version: versionMatch[1],
    commit: botocoreCommit(),
    path: MODEL_PATH,
    apiVersion: service.metadata.apiVersion,
    generatedBy: 'scripts/generate-contracts.js',
  },
  operation: 'CreateProcessingJob',
  root: ROOT_SHAPE,
  shapes: sortedShapes,
};

// ---- 2. CloudFormation's resource schema -----------------------------------------------------
const specVersion = require('@aws-cdk/aws-service-spec/package.json').version;
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
const db = loadAwsServiceSpecSync();
const resource = db.lookup('resource', 'cloudFormationType', 'equals', CFN_TYPE).only();
const typeNames = new Map(db.follow('usesType', resource).map((t) => [t.entity.$id, t.entity.name]));

/** A property type of the service spec as a plain, self-contained description. */
function keptType(type) {
  switch (type.type) {
    case 'string': return type.allowedValues ? { type: 'string', enum: type.allowedValues } : { type: 'string' };
    case 'integer': case 'number': case 'boolean': case 'json': case 'date-time': return { type: type.type };
    case 'array': return { type: 'array', element: keptType(type.element) };
    case 'map': return { type: 'map', element: keptType(type.element) };
    case 'ref': {
      const name = typeNames.get(type.reference.$ref);
      if (!name) throw new Error(`${CFN_TYPE}: type reference ${type.reference.$ref} not found`);
      return { type: 'ref', name };
    }
    // A CloudFormation tag: { Key: string, Value: string }.
    case 'tag': return { type: 'tag' };
    case 'union': return { type: 'union', types: type.types.map(keptType) };
    default: throw new Error(`${CFN_TYPE}: unknown property type ${JSON.stringify(type)}`);
  }
}

function keptProperties(properties) {
  return Object.fromEntries(Object.keys(properties).sort().map((name) => {
    const p = properties[name];
    return [name, { ...keptType(p.type), ...(p.required ? { required: true } : {}), ...(p.causesReplacement ? { causesReplacement: p.causesReplacement } : {}) }];
  }));
}

const cfnTypes = {};
for (const t of db.follow('usesType', resource)) cfnTypes[t.entity.name] = { properties: keptProperties(t.entity.properties) };
const cfnSchema = {
  source: { name: '@aws-cdk/aws-service-spec', version: specVersion, generatedBy: 'scripts/generate-contracts.js' },
  resourceType: CFN_TYPE,
  properties: keptProperties(resource.properties),
  attributes: Object.keys(resource.attributes).sort(),
  types: Object.fromEntries(Object.keys(cfnTypes).sort().map((n) => [n, cfnTypes[n]])),
};

const instanceTypes = cfnSchema.types.ClusterConfig?.properties.InstanceType?.enum;
if (!instanceTypes) throw new Error(`${CFN_TYPE}: ClusterConfig.InstanceType has no enum`);

fs.mkdirSync(modelsDir, { recursive: true });
fs.writeFileSync(path.join(modelsDir, 'sagemaker-create-processing-job.json'), JSON.stringify(sagemakerModel, null, 1) + '\n');
fs.writeFileSync(path.join(modelsDir, 'cfn-sagemaker-processing-job.json'), JSON.stringify(cfnSchema, null, 1) + '\n');
const lines = [
  `// Generated by scripts/generate-contracts.js from CloudFormation's resource schema of ${CFN_TYPE}`,
  `// (ClusterConfig.InstanceType) in @aws-cdk/aws-service-spec ${specVersion}. Do not edit by hand.`,
  '',
  '/**',
  ` * The instance types CloudFormation's \`${CFN_TYPE}\` accepts: its enum lags the API's`,
  ' * (`ProcessingInstanceType.KNOWN_TYPES`), and a type outside it fails the deployment.',
  ' */',
  'export const CFN_PROCESSING_INSTANCE_TYPES: readonly string[] = [',
  ...[...instanceTypes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((t) => `  '${t}',`),
  '];',
  '',
  `/** Where {@link CFN_PROCESSING_INSTANCE_TYPES} comes from. */`,
  `export const CFN_SCHEMA_SOURCE = '@aws-cdk/aws-service-spec ${specVersion}';`,
  '',
];
fs.writeFileSync(libFile, lines.join('\n'));
console.log(`SageMaker model: ${Object.keys(shapes).length} shapes from botocore ${sagemakerModel.source.version} (${sagemakerModel.source.commit})`);
console.log(`CloudFormation schema: ${Object.keys(cfnSchema.types).length} types, ${instanceTypes.length} instance types from @aws-cdk/aws-service-spec ${specVersion}`);
