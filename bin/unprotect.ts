// `npm run unprotect`: lifts an environment's deletion protection before a tear-down.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/unprotect/command';

runMain(main);
