import { allStacks } from '../helpers/all-stacks';
import { dataProtectionGate } from './data-protection.gate';
import { iamGate } from './iam.gate';
import { networkGate } from './network.gate';
import { operationsGate } from './operations.gate';
import { replacementGate } from './replacement.gate';

/*
 * The gates read every stack of every variant; they share one synthesis (each
 * test file would otherwise synthesize all of them again in its own worker).
 */
const stacks = allStacks();
iamGate(stacks);
networkGate(stacks);
dataProtectionGate(stacks);
replacementGate(stacks);
operationsGate(stacks);
