import { ProcessingInstanceType } from './processing-instance-type';

/**
 * The shape of a processing instance type name: `ml.<family>.<size>`, the size one of the
 * sizes EC2 names (`medium`, `large`, `xlarge`, `<n>xlarge`, `metal`, …). A name of this shape
 * that the API model's table (`ProcessingInstanceType.KNOWN_TYPES`) lacks is probably a type AWS
 * added since: a warning, not an error.
 */
export const INSTANCE_TYPE_SHAPE = /^ml\.[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge|metal(-[0-9]+xl)?)$/;
const SHAPE_TEXT = 'ml.<family>.<size>, e.g. ml.m5.xlarge';

const KNOWN = new Set(ProcessingInstanceType.KNOWN_TYPES);

/** The error for a malformed instance type name, or undefined. */
export function instanceTypeProblem(prop: string, value: string, field: string): string | undefined {
  if (INSTANCE_TYPE_SHAPE.test(value)) return undefined;
  const near = nearestKnown(value);
  return `${prop} '${value}' is not an instance type name (${SHAPE_TEXT})${near ? `; did you mean ${near}?` : ''} (${field})`;
}

/** The advice for a well-formed name the table lacks, or undefined for a known type. */
export function unknownInstanceTypeAdvice(prop: string, value: string): string | undefined {
  if (KNOWN.has(value)) return undefined;
  const near = nearestKnown(value);
  return `${prop} '${value}' is not among the ${KNOWN.size} processing instance types of the SageMaker API model this library was built with` +
    `${near ? ` (closest: ${near})` : ''}; if AWS added it since, acknowledge this warning`;
}

/** The known type closest to `value` by edit distance, when it is close (at most 2 edits, or only the `ml.` missing). */
function nearestKnown(value: string): string | undefined {
  if (KNOWN.has(`ml.${value}`)) return `ml.${value}`;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN) {
    const d = editDistance(value, known, bestDistance);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
