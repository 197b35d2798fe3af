/**
 * MSK places the same number of brokers in every subnet (Availability Zone), so
 * the broker count must be a multiple of the zone count. Returns what is wrong
 * and what would be right, or undefined when the layout is valid.
 */
export function brokerCountProblem(brokers: number, zones: number): string | undefined {
  if (brokers % zones === 0) return undefined;
  const lower = Math.max(zones, brokers - (brokers % zones));
  const upper = brokers + zones - (brokers % zones);
  return `${brokers} brokers cannot be spread evenly over ${zones} Availability Zones | use a multiple of ${zones}, such as ${lower === upper ? upper : `${lower} or ${upper}`}`;
}
