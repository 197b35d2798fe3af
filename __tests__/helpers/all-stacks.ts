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
