// The AWS SDK's notice about Node.js 22 (from 2027) would interleave with the
// suite's output on every run; docs/getting-started.md names the supported Node.js lines instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
