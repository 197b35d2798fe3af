// `npm run produce`: sample records for declared tables, or a file's records, to a topic.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/produce/command';

runMain(main);
