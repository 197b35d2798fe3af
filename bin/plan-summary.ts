// `npm run plan:summary`: a pull request's summary of saved plans.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/plan/summary-command';

runMain(main);
