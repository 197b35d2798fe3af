// `npm run verify`: a topic's records read as the connector reads them.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/verify/command';

runMain(main);
