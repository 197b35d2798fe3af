// `npm run plan`: the Terraform plan of every stack, with schema and topic changes.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/plan/command';

runMain(main);
