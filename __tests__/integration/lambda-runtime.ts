import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { unzipSync } from 'fflate';
import { ROOT, type Json } from '../helpers/synth';

/*
 * Runs what Terraform deploys the way AWS Lambda's Node.js runtime would: the
 * zip unpacked into a task root outside the project (nothing resolves from the
 * project's node_modules), a fresh `node` per invocation that loads the module
 * named by `handler`, and an environment of the function's Terraform variables
 * plus what the runtime sets, nothing inherited from the test process.
 */

/** `npm run synth` as package.json defines it now, into `outdir`. */
export function synthLikeNpm(outdir: string, env: Record<string, string>): string {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json).scripts.synth as string;
  // npm runs scripts with sh and the project's bin folder on PATH.
  return execFileSync('sh', ['-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, CDKTF_OUTDIR: outdir, ...env },
  });
}

/** An aws_lambda_function as synthesized, with its zip found beside the stack. */
export interface DeployedFunction {
  readonly address: string;
  readonly functionName: string;
  readonly zipPath: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly variables: Readonly<Record<string, string>>;
}

/** The function a `${aws_lambda_function.X.<attribute>}` reference names. */
export function referencedFunction(stack: Json, stackDir: string, reference: string): DeployedFunction {
  const name = /^\$\{aws_lambda_function\.([^.]+)\.\w+\}$/.exec(reference)?.[1];
  const body = name && stack.resource?.aws_lambda_function?.[name];
  if (!body) throw new Error(`not a reference to a function of this stack: ${reference}`);
  return {
    address: `aws_lambda_function.${name}`,
    functionName: body.function_name,
    zipPath: join(stackDir, body.filename),
    handler: body.handler,
    runtime: body.runtime,
    memoryMb: body.memory_size,
    timeoutSeconds: body.timeout,
    variables: body.environment?.variables ?? {},
  };
}

/** Node's module lookup walks up from the task root: no folder on the way may hold a node_modules. */
export function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (d === parse(d).root) return found;
  }
}

/** Unpacks a function's zip into a fresh task root in `parent` (outside the project). */
export function unpack(fn: DeployedFunction, parent = tmpdir()): string {
  const taskRoot = mkdtempSync(join(parent, `lambda-task-${fn.functionName}-`));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(fn.zipPath)))) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(taskRoot, name)), { recursive: true });
    writeFileSync(join(taskRoot, name), data);
  }
  return taskRoot;
}

/** What Lambda's runtime sets beside the function's own variables (see "Defined runtime environment variables"). */
export function lambdaRuntimeVariables(
  fn: DeployedFunction,
  taskRoot: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]0123456789abcdef',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: 'lambda-session-token',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: fn.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: dirname(process.execPath) + ':/usr/local/bin:/usr/bin:/bin',
  };
}

/** Loads the handler module like the runtime, calls it with the event and a minimal context, prints the outcome as one JSON line. */
const RUNNER = `
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const [taskRoot, handler, event, timeoutSeconds] = process.argv.slice(1); // node -e: no script path in argv
const dot = handler.lastIndexOf('.');
const started = Date.now();
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: randomUUID(),
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Number(timeoutSeconds) * 1000 - (Date.now() - started),
};
// Every Node.js warning the function causes (Node prints them too; a listener does not silence them).
const warnings = [];
process.on('warning', (w) => warnings.push(w.name + ': ' + w.message));
const out = (o) => process.stdout.write('\\n' + JSON.stringify({ ...o, warnings }) + '\\n', () => process.exit(0));
Promise.resolve()
  .then(() => require(join(taskRoot, handler.slice(0, dot)))[handler.slice(dot + 1)](JSON.parse(event), context))
  .then((result) => out({ result: result === undefined ? null : result }), (err) => out({ errorType: err && err.name, errorMessage: err && err.message }));
`;

export type Invocation = ({ readonly result: Json } | { readonly errorType: string; readonly errorMessage: string }) & {
  readonly logs: string;
  /** The Node.js warnings ('warning' events) of the invocation's process, as `Name: message`. */
  readonly warnings: readonly string[];
};

/** One invocation in a fresh process with exactly `env`, on `node` (default: the node running the tests). */
export function invoke(fn: DeployedFunction, taskRoot: string, event: Json, env: Record<string, string>, node = process.execPath): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['-e', RUNNER, taskRoot, fn.handler, JSON.stringify(event), String(fn.timeoutSeconds)], {
      cwd: taskRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trimEnd().split('\n');
      const logs = `${lines.slice(0, -1).join('\n')}\n${stderr}`.trim();
      try {
        resolve({ ...JSON.parse(lines[lines.length - 1]), logs });
      } catch {
        reject(new Error(`${fn.functionName} exited with ${code} before returning:\n${stdout}\n${stderr}`));
      }
    });
  });
}
