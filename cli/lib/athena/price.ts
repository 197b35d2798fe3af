import { athenaBilledBytes, athenaQueryUsd, formatUsd, pricesFor, PRICES } from '../../../core/cost/prices';
import { formatBytes } from './render';

/**
 * What Athena charges for a finished query, from the bytes it reports scanned:
 * whole megabytes, at least the minimum, at the region's price (the connector's
 * Lambda time is billed apart, by Lambda).
 */
export function queryPrice(scannedBytes: number, region: string): string {
  const { region: priced, prices, fallback } = pricesFor(region);
  const billed = athenaBilledBytes(scannedBytes);
  const minimum = billed === PRICES.athenaMinimumMb * 2 ** 20 && scannedBytes < billed ? ' (the minimum)' : '';
  const where = `${priced} prices of ${PRICES.asOf}${fallback ? `, none listed for ${region}` : ''}`;
  return `Athena bills ${formatBytes(billed)}${minimum}: ${formatUsd(athenaQueryUsd(scannedBytes, prices))} at ${where}; the connector's Lambda time is billed apart`;
}
