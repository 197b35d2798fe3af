// `npm run schemas:infer`: a table file from a topic's records (or every topic of a cluster).
import { runMain } from '../cli/lib/command';
import { main } from '../cli/schemas/infer-command';

runMain(main);
