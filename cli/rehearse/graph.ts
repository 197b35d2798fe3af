/*
 * What depends on what inside a synthesized stack (cdk.tf.json), and across
 * stacks through cdktf's cross-stack outputs, so that a resource the emulator
 * cannot create is excluded together with everything that needs it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const REFERENCE = /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

export interface StackGraph {
  /** Managed resource addresses (`aws_x.name`). */
  readonly resources: string[];
  /** address -> addresses (resources and data sources) it refers to. */
  readonly references: Map<string, Set<string>>;
  /** address -> `<remote-state data name>:<output>` it reads from another stack. */
  readonly remoteReads: Map<string, Set<string>>;
  /** output name -> addresses its value refers to. */
  readonly outputs: Map<string, Set<string>>;
  /** remote-state data name -> the stack it reads (from its local path or S3 key). */
  readonly remoteStacks: Map<string, string>;
}

function collect(value: Json, pattern: RegExp, into: Set<string>, map: (m: RegExpMatchArray) => string = (m) => m[1]): void {
  const text = JSON.stringify(value);
  for (const m of text.matchAll(pattern)) into.add(map(m));
}

export function stackGraph(json: Json): StackGraph {
  const references = new Map<string, Set<string>>();
  const remoteReads = new Map<string, Set<string>>();
  const resources: string[] = [];
  const add = (address: string, body: Json) => {
    const { depends_on: dependsOn, ...rest } = body;
    const refs = new Set<string>();
    collect(rest, REFERENCE, refs);
    for (const d of dependsOn ?? []) refs.add(d);
    refs.delete(address);
    references.set(address, refs);
    const remote = new Set<string>();
    collect(rest, REMOTE_OUTPUT, remote, (m) => `${m[1]}:${m[2]}`);
    remoteReads.set(address, remote);
  };
  for (const [type, byName] of Object.entries<Json>(json.resource ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) {
      resources.push(`${type}.${name}`);
      add(`${type}.${name}`, body);
    }
  }
  for (const [type, byName] of Object.entries<Json>(json.data ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) add(`data.${type}.${name}`, body);
  }
  const outputs = new Map<string, Set<string>>();
  for (const [name, body] of Object.entries<Json>(json.output ?? {})) {
    const refs = new Set<string>();
    collect(body, REFERENCE, refs);
    outputs.set(name, refs);
  }
  const remoteStacks = new Map<string, string>();
  for (const [name, body] of Object.entries<Json>(json.data?.terraform_remote_state ?? {})) {
    const where: string = body.config?.path ?? body.config?.key ?? '';
    const stack = /([^/]+)\.tfstate$/.exec(where)?.[1];
    if (stack) remoteStacks.set(name, stack);
  }
  return { resources, references, remoteReads, outputs, remoteStacks };
}

/**
 * Every address that depends, directly or through others, on one in `excluded`
 * or on an output of another stack that does (`excludedOutputs`: `<stack>:<output>`).
 */
export function dependents(graph: StackGraph, excluded: ReadonlySet<string>, excludedOutputs: ReadonlySet<string>): Set<string> {
  const out = new Set(excluded);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [address, refs] of graph.references) {
      if (out.has(address)) continue;
      const viaRemote = [...(graph.remoteReads.get(address) ?? [])].some((r) => {
        const [data, output] = r.split(':');
        return excludedOutputs.has(`${graph.remoteStacks.get(data)}:${output}`);
      });
      if (viaRemote || [...refs].some((r) => out.has(r))) {
        out.add(address);
        grew = true;
      }
    }
  }
  return out;
}

/** The outputs of a stack whose values need an excluded address, as `<stack>:<output>`. */
export function excludedOutputsOf(stack: string, graph: StackGraph, excluded: ReadonlySet<string>): Set<string> {
  return new Set([...graph.outputs].filter(([, refs]) => [...refs].some((r) => excluded.has(r))).map(([name]) => `${stack}:${name}`));
}
