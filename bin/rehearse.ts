// `npm run rehearse`: validate every stack, then apply, re-plan and destroy dev on the emulator.
import { runMain } from '../cli/lib/command';
import { main } from '../cli/rehearse/command';

runMain(main);
