// `npm run smoke`: one query per table against a deployed environment.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/smoke/command';

runMain(main);
