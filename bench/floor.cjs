/*
 * The floor for synth benchmarks: plain node loading cdktf and one AWS provider
 * resource, synthesized the way the app is. Plain JavaScript on purpose: the
 * bench runs it bare (the floor) and under tsx (what a TypeScript loader adds).
 */
const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { S3Bucket } = require('@cdktf/provider-aws/lib/s3-bucket');

// Never into the project's cdktf.out: cdktf's default local state path there would be absolute,
// and a stray 'floor' stack would sit beside the real ones.
const outdir = process.env.CDKTF_OUTDIR ?? require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'msk-athena-floor-'));
const app = new App({ outdir });
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new S3Bucket(stack, 'bucket', { bucketPrefix: 'floor-' });
app.synth();
