import type { Construct } from 'constructs';

/**
 * Checks a numeric prop of a construct and throws an error naming the
 * construct, the prop, the range and the value, e.g.
 * `NodeFunction dev-streaming/Topics/Function: timeoutSeconds must be a whole number from 1 to 900, got 901`.
 */
export function requireWholeNumber(construct: Construct, prop: string, value: number, range: { min: number; max?: number; why?: string }): number {
  const { min, max, why } = range;
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return value;
  const expected = max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  throw new Error(`${construct.constructor.name} ${construct.node.path}: ${prop} must be ${expected}${why ? ` (${why})` : ''}, got ${value}`);
}
