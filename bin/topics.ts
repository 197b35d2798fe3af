// `npm run topics`: the topics reconcile (or its plan) against any cluster.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/topics/command';

runMain(main);
