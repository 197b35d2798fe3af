import type { Faker } from '@faker-js/faker';
import { closestMatch } from '../suggest';
import type { HintProblem, LeafTarget } from './sample-hint-target';

/*
 * `{"faker": "module.method"}` hints: the method must exist, run without
 * arguments, not be deprecated (faker drops those in its next major version)
 * and return what the column holds. Checked by calling it once.
 */

const show = (v: unknown) => JSON.stringify(v);

let fakerInstance: Faker | undefined;
/** Loaded on the first faker hint only: most schema folders have none, and faker takes a sixth of a second to load. */
function faker(): Faker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  fakerInstance ??= (require('@faker-js/faker') as typeof import('@faker-js/faker')).fakerEN;
  return fakerInstance;
}

let methods: { all: string[]; current: string[] } | undefined;
/** Every `module.method` of faker, and those not deprecated (the ones worth suggesting). */
function fakerMethods(): { all: string[]; current: string[] } {
  if (methods) return methods;
  const f = faker() as unknown as Record<string, unknown>;
  const all = new Set<string>();
  const deprecated = new Set<string>();
  for (const module of Object.keys(f)) {
    const m = f[module];
    if (module.startsWith('_') || typeof m !== 'object' || m === null || /definitions/i.test(module)) continue;
    // The prototypes hold the unbound methods (the instance's are bound): their source shows faker's deprecation call.
    for (let p = Object.getPrototypeOf(m); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const n of Object.getOwnPropertyNames(p)) {
        const fn: unknown = Object.getOwnPropertyDescriptor(p, n)?.value;
        if (n === 'constructor' || n.startsWith('_') || typeof fn !== 'function') continue;
        all.add(`${module}.${n}`);
        if (/\bdeprecated:/.test(String(fn))) deprecated.add(`${module}.${n}`);
      }
    }
  }
  methods = { all: [...all], current: [...all].filter((name) => !deprecated.has(name)) };
  return methods;
}

/** What one call of a faker method gives, and the deprecation faker printed, if any. */
function callOnce(name: string): { value?: unknown; threw?: boolean; deprecated?: string } {
  const [module, method] = name.split('.');
  const warn = console.warn;
  let deprecated: string | undefined;
  console.warn = (...args: unknown[]) => (deprecated = args.map(String).join(' '));
  try {
    return { value: (faker() as unknown as Record<string, Record<string, () => unknown>>)[module][method](), deprecated };
  } catch {
    return { threw: true };
  } finally {
    console.warn = warn;
  }
}

export function fakerProblems(name: unknown, at: string, target: LeafTarget): HintProblem[] {
  if (target.kind === 'integer') {
    return [{ at, problem: `gives numbers whose range cannot be checked against ${target.column}`, fix: 'use {"min": ..., "max": ...} or {"values": [...]}' }];
  }
  if (typeof name !== 'string')
    return [{ at, problem: `expected a faker method name, got ${show(name)}`, fix: 'write one such as "internet.email" (fakerjs.dev/api)' }];
  const { all, current } = fakerMethods();
  if (!all.includes(name)) {
    const near = closestMatch(name, current);
    const module = name.split('.')[0];
    const inModule = current.filter((m) => m.startsWith(`${module}.`)).slice(0, 6);
    const fix = near
      ? `use ${near}`
      : inModule.length > 0
        ? `use one of ${inModule.join(', ')}, ... (fakerjs.dev/api)`
        : 'use a method such as internet.email, person.fullName or commerce.productName (fakerjs.dev/api)';
    return [{ at, problem: `${show(name)} is not a faker method`, fix }];
  }
  const { value, threw, deprecated } = callOnce(name);
  if (threw)
    return [
      {
        at,
        problem: `${show(name)} needs arguments, and a sample calls it without`,
        fix: 'use values to pick from a list, min/max for a range or pattern for text',
      },
    ];
  if (deprecated) {
    const instead = /Please use faker\.(\w+\.\w+)\(\)/.exec(deprecated)?.[1];
    return [{ at, problem: `${show(name)} is deprecated by faker and goes in its next major version`, fix: instead ? `use ${instead}` : 'use another method' }];
  }
  const wanted =
    target.kind === 'boolean'
      ? ['boolean']
      : target.kind === 'decimal'
        ? ['number']
        : target.kind === 'text'
          ? ['string', 'number']
          : ['string', 'number', 'boolean'];
  if (!wanted.includes(typeof value)) {
    const got = value instanceof Date ? 'a Date' : value === null || value === undefined ? String(value) : `a ${Array.isArray(value) ? 'list' : typeof value}`;
    return [{ at, problem: `${show(name)} returns ${got}, and the column is ${target.column}`, fix: `pick a method that returns ${wanted.join(' or ')}` }];
  }
  return [];
}
