/**
 * The AWS list prices a query of a topic pays, in one table. Athena bills the
 * bytes the connector hands it (a federated query's "data scanned"); the
 * connector's Lambda bills its GB-seconds and requests on top. Free tiers,
 * Lambda's volume tiers (from 6 billion GB-seconds a month), S3 spill and data
 * transfer are left out: for one query they are zero or noise.
 */

export type LambdaArchitecture = 'x86_64' | 'arm64';

export interface RegionPrices {
  /** USD per GB-second of Lambda duration (first tier). */
  readonly lambdaGbSecond: Readonly<Record<LambdaArchitecture, number>>;
  /** USD per million Lambda requests. */
  readonly lambdaPerMillionRequests: number;
  /** USD per TB (2^40 bytes) Athena scans; federated queries bill the bytes the connector returns. */
  readonly athenaPerTb: number;
}

export const PRICES = {
  /** When the figures were read from the sources below. */
  asOf: '2026-11-29',
  sources: ['https://aws.amazon.com/lambda/pricing/', 'https://aws.amazon.com/athena/pricing/'],
  /** Regions whose list prices were read; others are estimated with us-east-1's and say so. */
  regions: {
    'us-east-1': { lambdaGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, lambdaPerMillionRequests: 0.2, athenaPerTb: 5 },
    'us-east-2': { lambdaGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, lambdaPerMillionRequests: 0.2, athenaPerTb: 5 },
    'us-west-2': { lambdaGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, lambdaPerMillionRequests: 0.2, athenaPerTb: 5 },
    'eu-west-1': { lambdaGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, lambdaPerMillionRequests: 0.2, athenaPerTb: 5 },
  } as Readonly<Record<string, RegionPrices>>,
  /** Athena rounds every query up to whole megabytes and bills at least this many (federated queries included). */
  athenaMinimumMb: 10,
} as const;

const FALLBACK_REGION = 'us-east-1';
const MB = 2 ** 20;
const TB = 2 ** 40;

/** The prices of `region`, or us-east-1's with `fallback` set when the table has none for it. */
export function pricesFor(region: string): { region: string; prices: RegionPrices; fallback: boolean } {
  const own = PRICES.regions[region];
  return own ? { region, prices: own, fallback: false } : { region: FALLBACK_REGION, prices: PRICES.regions[FALLBACK_REGION], fallback: true };
}

/** The bytes Athena bills for a query that scanned `scanned` bytes: whole megabytes, at least the minimum. */
export function athenaBilledBytes(scanned: number): number {
  return Math.max(Math.ceil(scanned / MB), PRICES.athenaMinimumMb) * MB;
}

/** What Athena charges for one query that scanned `scanned` bytes. */
export function athenaQueryUsd(scanned: number, prices: RegionPrices): number {
  return (athenaBilledBytes(scanned) / TB) * prices.athenaPerTb;
}

/** What Lambda charges for `gbSeconds` of duration over `requests` invocations. */
export function lambdaUsd(gbSeconds: number, requests: number, architecture: LambdaArchitecture, prices: RegionPrices): number {
  return gbSeconds * prices.lambdaGbSecond[architecture] + (requests / 1e6) * prices.lambdaPerMillionRequests;
}

/** Dollars for people: two significant digits under a dollar (a tenth of a cent reads apart from a hundredth). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.000001) return 'under $0.000001';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2)).toFixed(Math.max(2, 1 - Math.floor(Math.log10(usd))))}`;
}
