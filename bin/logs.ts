// `npm run logs`: a function's CloudWatch logs.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/logs/command';

runMain(main);
