// `npm run query`: SQL through Athena, with its cost.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/query/command';

runMain(main);
