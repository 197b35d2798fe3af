// `npm run cdktn:check`: the exit path to CDK Terrain still holds.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/cdktn/command';

runMain(main);
