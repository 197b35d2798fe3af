// `npm run kafka:up` and `npm run kafka:down`: the local broker and Glue stand-in.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/kafka/command';

runMain(main);
