// `npm run preflight`: an AWS account checked before the first deploy.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/preflight/command';

runMain(main);
