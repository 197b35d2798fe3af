import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './synth';

/**
 * The worked examples of docs/examples/adopt-<mode>-cluster.json (configs that
 * adopt an existing cluster), so the docs users copy are the configs tested.
 */
const example = (mode: string) => JSON.parse(readFileSync(join(ROOT, 'docs', 'examples', `adopt-${mode}-cluster.json`), 'utf8'));

export const ADOPTED = {
  iam: example('iam'),
  scram: example('scram'),
  tls: example('tls'),
  serverless: example('serverless'),
};

export const network = ADOPTED.iam.network;
export const CLUSTER: string = ADOPTED.scram.msk.existing.clusterArn;
export const SCRAM_SECRET: string = ADOPTED.scram.msk.existing.secretArn;
export const TLS_SECRET: string = ADOPTED.tls.msk.existing.secretArn;
