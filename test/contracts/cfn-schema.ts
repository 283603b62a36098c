import schema from './models/cfn-sagemaker-processing-job.json';
import { describe } from './sagemaker-model';
import { childPath, isPlainObject, isUnresolvedValue } from './unresolved';

/**
 * CloudFormation's resource schema of `AWS::SageMaker::ProcessingJob`, as the npm package
 * `@aws-cdk/aws-service-spec` publishes it (extracted by scripts/generate-contracts.js into
 * test/contracts/models/, which names the package version). It states property names, types,
 * required properties and enums; it carries no lengths or patterns (the SageMaker model does).
 */
interface PropertyType {
  readonly type: string;
  readonly name?: string;
  readonly element?: PropertyType;
  readonly enum?: string[];
  readonly types?: PropertyType[];
  readonly required?: boolean;
}

type Properties = { [name: string]: PropertyType };

const TYPES = schema.types as { [name: string]: { properties: Properties } };

export const CFN_SCHEMA_SOURCE = `${schema.source.name} ${schema.source.version}`;

/**
 * Checks the `Properties` of an `AWS::SageMaker::ProcessingJob` against CloudFormation's resource
 * schema: property names, types, required properties and enums. Intrinsics and other values
 * only known at deploy time satisfy any type. Returns one message per violation.
 */
export function validateCfnProcessingJobProperties(properties: unknown): string[] {
  const out: string[] = [];
  checkObject(schema.properties as Properties, properties, '', schema.resourceType, out);
  return out;
}

function checkObject(props: Properties, value: unknown, path: string, typeName: string, out: string[]): void {
  const at = path === '' ? 'Properties' : path;
  if (isUnresolvedValue(value)) return;
  if (!isPlainObject(value)) {
    out.push(`${at}: expected an object, got ${describe(value)} (CloudFormation ${typeName})`);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    const type = props[name];
    if (type === undefined) {
      out.push(`${at}: unknown property '${name}'; ${typeName} has ${Object.keys(props).join(', ')} (CloudFormation ${typeName})`);
      continue;
    }
    checkValue(type, v, childPath(path, name), out);
  }
  for (const [name, type] of Object.entries(props)) {
    if (type.required && !(name in value)) out.push(`${at}: required property '${name}' is missing (CloudFormation ${typeName})`);
  }
}

function checkValue(type: PropertyType, value: unknown, path: string, out: string[]): void {
  if (isUnresolvedValue(value)) return;
  const fail = (problem: string): void => { out.push(`${path}: ${problem} (CloudFormation AWS::SageMaker::ProcessingJob)`); };
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') return fail(`expected a string, got ${describe(value)}`);
      if (type.enum && !type.enum.includes(value)) fail(`'${value}' is not in CloudFormation's enum (${type.enum.length} values: ${type.enum.slice(0, 8).join(', ')}, …)`);
      return;
    case 'integer':
    case 'number':
      // CloudFormation takes numbers and numeric strings for number properties.
      if (typeof value === 'number' ? (type.type === 'integer' && !Number.isInteger(value)) : !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
        fail(`expected ${type.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') fail(`expected a boolean, got ${describe(value)}`);
      return;
    case 'json':
      return;
    case 'array':
      if (!Array.isArray(value)) return fail(`expected a list, got ${describe(value)}`);
      value.forEach((item, i) => checkValue(type.element!, item, childPath(path, i), out));
      return;
    case 'map':
      if (!isPlainObject(value)) return fail(`expected a map, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) checkValue(type.element!, v, childPath(path, k), out);
      return;
    case 'tag':
      return checkObject({ Key: { type: 'string', required: true }, Value: { type: 'string', required: true } }, value, path, 'Tag', out);
    case 'ref':
      return checkObject(TYPES[type.name!].properties, value, path, type.name!, out);
    default:
      fail(`the validator does not know property type '${type.type}'`);
  }
}
