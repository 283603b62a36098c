import model from './models/sagemaker-create-processing-job.json';
import { childPath, isPlainObject, isUnresolvedValue, memberName } from './unresolved';

/**
 * The SageMaker API's contract for a CreateProcessingJob request, as the published service model
 * states it (botocore's service-2.json; extracted by scripts/generate-contracts.js into
 * test/contracts/models/, which names the botocore version and commit).
 */
interface Shape {
  readonly type: string;
  readonly required?: string[];
  readonly members?: { [name: string]: string };
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
}

const SHAPES = model.shapes as { [name: string]: Shape };

/** Where the model comes from, for messages and reports. */
export const SAGEMAKER_MODEL_SOURCE = `${model.source.name} ${model.source.version} (${model.source.path} at ${model.source.commit.slice(0, 12)})`;

export interface RequestValidationOptions {
  /**
   * Required members a caller fills in later, by path (e.g. `ProcessingJobName` in the CLI's
   * metadata, where the command names each run). @default - every required member must be present
   */
  readonly filledLater?: string[];
}

/**
 * Checks a CreateProcessingJob request against the SageMaker API model: member names, types,
 * required members, string lengths (in Unicode code points) and patterns (matched whole),
 * list and map sizes, integer ranges and enums. Values known only at deploy or run time
 * (see unresolved.ts) satisfy any shape. Returns one message per violation, empty when valid.
 */
export function validateCreateProcessingJobRequest(request: unknown, options: RequestValidationOptions = {}): string[] {
  const violations: string[] = [];
  const filledLater = new Set(options.filledLater ?? []);
  checkShape(model.root, request, '', violations, filledLater);
  return violations;
}

function checkShape(shapeName: string, value: unknown, path: string, out: string[], filledLater: Set<string>): void {
  if (isUnresolvedValue(value)) return;
  const shape = SHAPES[shapeName];
  const at = path === '' ? 'request' : path;
  const fail = (problem: string): void => { out.push(`${at}: ${problem} (SageMaker API shape ${shapeName})`); };
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return fail(`expected an object, got ${describe(value)}`);
      const present = new Set<string>();
      for (const [key, member] of Object.entries(value)) {
        const { name, dynamic } = memberName(key);
        const memberShape = shape.members?.[name];
        if (memberShape === undefined) {
          fail(`unknown member '${name}'; the shape has ${Object.keys(shape.members ?? {}).join(', ')}`);
          continue;
        }
        if (present.has(name)) fail(`member '${name}' is given twice (as ${name} and ${name}.$)`);
        present.add(name);
        if (dynamic) {
          if (typeof member !== 'string') fail(`'${key}' must be a JSONPath string, got ${describe(member)}`);
          continue;
        }
        checkShape(memberShape, member, childPath(path, name), out, filledLater);
      }
      for (const name of shape.required ?? []) {
        if (!present.has(name) && !filledLater.has(childPath(path, name))) fail(`required member '${name}' is missing`);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return fail(`expected a list, got ${describe(value)}`);
      checkSize(value.length, shape, 'items', fail);
      value.forEach((item, i) => checkShape(shape.member!, item, childPath(path, i), out, filledLater));
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) return fail(`expected a map, got ${describe(value)}`);
      const entries = Object.entries(value);
      checkSize(entries.length, shape, 'entries', fail);
      for (const [key, entry] of entries) {
        const { name, dynamic } = memberName(key);
        checkShape(shape.key!, name, `${at} key '${name}'`, out, filledLater);
        if (!dynamic) checkShape(shape.value!, entry, childPath(path, name), out, filledLater);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return fail(`expected a string, got ${describe(value)}`);
      if (shape.enum && !shape.enum.includes(value)) return fail(`'${value}' is not one of ${shape.enum.join(', ')}`);
      checkSize([...value].length, shape, 'characters', fail);
      if (shape.pattern !== undefined && !wholeMatch(shape.pattern).test(value)) {
        fail(`'${truncate(value)}' does not match ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected an integer, got ${describe(value)}`);
      if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
        fail(`${value} is out of range ${shape.min ?? '-∞'}–${shape.max ?? '∞'}`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected a boolean, got ${describe(value)}`);
      return;
    default:
      fail(`the validator does not know shape type '${shape.type}'`);
  }
}

function checkSize(size: number, shape: Shape, unit: string, fail: (problem: string) => void): void {
  if (shape.min !== undefined && size < shape.min) fail(`has ${size} ${unit}; the minimum is ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) fail(`has ${size} ${unit}; the maximum is ${shape.max}`);
}

const patterns = new Map<string, RegExp>();

/** A model pattern matched against the whole value (the API matches whole values), with Unicode classes (`\p{L}`). */
function wholeMatch(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, re);
  }
  return re;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `an object ${truncate(JSON.stringify(value))}`;
  return `${typeof value} ${truncate(JSON.stringify(value))}`;
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
