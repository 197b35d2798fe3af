import { ADOPTED } from './adopted-clusters';
import { resourcesOf, synthEnvironment, type Json } from './synth';

export interface NamedStack {
  readonly name: string;
  readonly json: Json;
}

/**
 * Every stack the shipped presets produce, plus the variants that add
 * resources (NAT, MSK Serverless), for checks that must hold everywhere.
 */
export function allStacks(): NamedStack[] {
  const variants: [string, unknown, string?][] = [
    ['dev', {}],
    ['prod', {}, 'prod'],
    ['dev-nat', { network: { natGateway: true } }],
    ['dev-serverless', { msk: { mode: 'serverless' } }],
    ...Object.entries(ADOPTED).map(([mode, overrides]): [string, unknown] => [`dev-adopted-${mode}`, overrides]),
  ];
  return variants.flatMap(([label, overrides, env]) => {
    const synthesized = synthEnvironment(overrides, { env });
    return Object.entries(synthesized).map(([part, json]) => ({ name: `${label}/${part}`, json }));
  });
}

/** All resources of `type` across stacks, each tagged with its stack. */
export function everyResource(stacks: readonly NamedStack[], type: string): Json[] {
  return stacks.flatMap((s) => resourcesOf(s.json, type).map((r) => ({ ...r, stack: s.name })));
}

/**
 * `items`, or a failed test when there are none: a check that loops over an empty
 * set passes without checking anything (a renamed type, a variant that lost it).
 */
export function found<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length === 0) throw new Error(`found no ${what} to check; the check would pass on nothing`);
  return items;
}
