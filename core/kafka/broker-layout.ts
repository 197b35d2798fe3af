import type { Finding } from '../problems';

/**
 * MSK places the same number of brokers in every subnet (Availability Zone), so
 * the broker count must be a multiple of the zone count. Returns what is wrong
 * and what would be right, or undefined when the layout is valid.
 */
export function brokerLayoutProblem(brokers: number, zones: number): Required<Finding> | undefined {
  if (brokers % zones === 0) return undefined;
  const lower = Math.max(zones, brokers - (brokers % zones));
  const upper = brokers + zones - (brokers % zones);
  return {
    problem: `${brokers} brokers cannot be spread evenly over ${zones} Availability Zones`,
    fix: `use a multiple of ${zones}, such as ${lower === upper ? upper : `${lower} or ${upper}`}`,
  };
}

