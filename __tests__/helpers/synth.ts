import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { skipCreationStacks } from '../../app';
import { resolveEnvironmentConfig } from '../../config/load';
import { readQueryFolder } from '../../core/queries/saved-queries';
import { readSchemaFolder } from '../../core/tables/schema-folder';
import { buildEnvironment, checkEnvironmentInputs } from '../../stacks/environment';

export const ROOT = join(__dirname, '..', '..');

// As npm run synth does (app.ts): cdktf's creation stack per token changes nothing it writes, and under
// jest each one is a source-mapped stack trace, the largest single cost of a test's synth.
skipCreationStacks();
/** The tables and saved queries the tests own (the project's own schemas/ and queries/ are the user's). */
export const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'project');
/** A schemas/ folder of Avro and Protobuf tables only. */
export const REGISTRY_FORMATS = join(ROOT, '__tests__', 'fixtures', 'registry-formats', 'schemas');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface SynthesizedEnvironment {
  readonly network: Json;
  readonly streaming: Json;
  readonly analytics: Json;
  readonly monitoring: Json;
}

interface SynthOptions {
  readonly schemaDir?: string;
  readonly queryDir?: string;
  readonly env?: string;
}

/** What a folder holds, file by file: a test that rewrites its schema folder between two synths gets two synths. */
function folderFingerprint(dir: string): string {
  if (!existsSync(dir)) return 'missing';
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(`${p}\0`).update(readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/**
 * Environments this test file has synthesized, by everything they were made from. A file's
 * describe blocks often ask for the same one (the dev preset above all); synthesis is
 * deterministic (main.test checks it), so the second ask gets a copy of the first answer.
 */
const synthesized = new Map<string, SynthesizedEnvironment>();

/** Synthesizes one environment from the dev preset plus `overrides`, returning each stack's JSON. */
export function synthEnvironment(overrides: unknown = {}, options: SynthOptions = {}): SynthesizedEnvironment {
  const schemaDir = options.schemaDir ?? join(FIXTURE, 'schemas');
  const queryDir = options.queryDir ?? join(FIXTURE, 'queries');
  const key = JSON.stringify([overrides, options.env ?? 'dev', schemaDir, folderFingerprint(schemaDir), queryDir, folderFingerprint(queryDir)]);
  if (!synthesized.has(key)) synthesized.set(key, synthesizeOnce(overrides, { ...options, schemaDir, queryDir }));
  // A copy, so a test that edits what it got cannot change what the next one sees.
  return structuredClone(synthesized.get(key)!);
}

function synthesizeOnce(overrides: unknown, options: SynthOptions): SynthesizedEnvironment {
  const config = resolveEnvironmentConfig(options.env ?? 'dev', overrides);
  const app = Testing.app();
  const registries = readSchemaFolder(options.schemaDir ?? join(FIXTURE, 'schemas'), ROOT);
  checkEnvironmentInputs(config, { registries });
  const env = buildEnvironment(app, config, {
    registries,
    queries: readQueryFolder(options.queryDir ?? join(FIXTURE, 'queries'), ROOT, registries).queries,
  });
  // A full app synth, so cross-stack references resolve exactly as `cdktf synth` writes them.
  app.synth();
  const read = (stack: { node: { id: string } }) => JSON.parse(readFileSync(join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
  return { network: read(env.network), streaming: read(env.streaming), analytics: read(env.analytics), monitoring: read(env.monitoring) };
}

/** All resources of one type in a stack, as a list of their bodies with `address` added. */
export function resourcesOf(stack: Json, type: string): Json[] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, body]) => ({ address: `${type}.${name}`, ...(body as object) }));
}

/** The single resource of `type` (fails if there are 0 or several). */
export function onlyResource(stack: Json, type: string): Json {
  const all = resourcesOf(stack, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export function dataOf(stack: Json, type: string): Json[] {
  return Object.entries(stack.data?.[type] ?? {}).map(([name, body]) => ({ address: `data.${type}.${name}`, ...(body as object) }));
}

/** Statements of the permissions policy of the role whose name is `roleName`. */
export function roleStatements(stack: Json, roleName: string): Json[] {
  const role = resourcesOf(stack, 'aws_iam_role').find((r) => r.name === roleName);
  if (!role) throw new Error(`no role named ${roleName}`);
  const policy = resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.role === `\${${role.address}.id}`);
  if (!policy) throw new Error(`no inline policy on ${roleName}`);
  return policyStatements(stack, policy.policy);
}

/** Statements of the policy document a `${data.aws_iam_policy_document.X.json}` reference names. */
export function policyStatements(stack: Json, ref: string): Json[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(ref)?.[1];
  const doc = name && stack.data?.aws_iam_policy_document?.[name];
  if (!doc) throw new Error(`not a policy document reference: ${ref}`);
  return doc.statement;
}

/** `${aws_x.y.id}` for a resource address. */
export const ref = (address: string, attribute = 'id') => `\${${address}.${attribute}}`;
