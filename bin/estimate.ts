// `npm run estimate`: what a query over a topic would cost.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/estimate/command';

runMain(main);
