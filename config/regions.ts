import { AWS_REGIONS } from '../core/aws-facts';
import { REGION_NAME } from '../core/limits';
import type { Finding } from '../core/problems';
import { closestMatch } from '../core/suggest';

/** Edits within which a region AWS does not have reads as a typo of one it has. */
const REGION_TYPO_EDITS = 2;

const ADD_IT = 'add it to AWS_REGIONS in core/aws-facts.ts';

/** eu-central for eu-central-1: regions of one area differ in their number only. */
const areaOf = (region: string) => region.replace(/-\d+$/, '');

/**
 * What to say about a region name AWS_REGIONS lacks, or undefined when it has it.
 * A name a couple of edits from a known region (us-est-1, us-east-1a) is a typo
 * that would otherwise reach deploy: an error. A new number in a known area
 * (eu-central-3) is how AWS names a new region, and any other well-formed name
 * may be one opened after the list was written: a warning.
 */
export function unknownRegion(region: string): (Required<Finding> & { readonly severity: 'error' | 'warning' }) | undefined {
  if (AWS_REGIONS.includes(region)) return undefined;
  const sameArea = REGION_NAME.pattern.test(region) ? AWS_REGIONS.filter((r) => areaOf(r) === areaOf(region)) : [];
  const near = sameArea.length === 0 ? closestMatch(region, AWS_REGIONS, REGION_TYPO_EDITS) : undefined;
  if (near) {
    const opened = REGION_NAME.pattern.test(region) ? ` (if ${region} is a region AWS opened since this project's list was written, ${ADD_IT})` : '';
    return { severity: 'error', problem: `"${region}" is not an AWS region`, fix: `did you mean ${near}?${opened}` };
  }
  return {
    severity: 'warning',
    problem: `"${region}" is not an AWS region this project knows (AWS may have opened it after the list was written)`,
    fix: `check the spelling${sameArea.length ? `; regions in that area: ${sameArea.join(', ')}` : ''}; if it is a new region, ${ADD_IT}`,
  };
}
