// `npm run schemas:check`: every table file checked, and changes judged against a base.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/schemas/check-command';

runMain(main);
