// `npm run bench`: speed and size figures, written to bench/results.md.
import { runMain } from '../cli/lib/command';
import { main } from '../bench/command';

runMain(main);
