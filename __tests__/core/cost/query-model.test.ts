import { CONNECTOR_TIMING, estimateQuery, type QueryEstimateInput } from '../../../core/cost/query-model';
import { athenaBilledBytes, athenaQueryUsd, formatUsd, pricesFor, PRICES } from '../../../core/cost/prices';

const MB = 2 ** 20;
const layout: QueryEstimateInput = {
  partitions: [
    { partition: 0, begin: 0, end: 0 },
    { partition: 1, begin: 0, end: 10_000 },
    { partition: 2, begin: 0, end: 25_001 },
  ],
  averageRecordBytes: 200,
  format: 'json',
  memoryMb: 3008,
  architecture: 'x86_64',
  region: 'us-east-1',
  concurrency: 1000,
};

describe('query estimate model', () => {
  it('counts records, bytes, splits and invocations of a known offset layout (0, 10,000 and 25,001 records)', () => {
    const e = estimateQuery(layout);
    expect(e.records).toBe(35_001);
    expect(e.bytes).toBe(35_001 * 200);
    expect(e.partitions.map((p) => p.splits)).toEqual([1, 1, 3]);
    expect(e.splits).toBe(5);
    expect(e.metadataCalls).toBe(3);
    expect(e.invocations).toBe(8);
  });

  it('prices Athena at the 10 MB minimum for a small topic and per whole megabyte above it', () => {
    const prices = pricesFor('us-east-1').prices;
    expect(athenaBilledBytes(0)).toBe(10 * MB);
    expect(athenaBilledBytes(10 * MB + 1)).toBe(11 * MB);
    expect(athenaQueryUsd(0, prices)).toBeCloseTo((10 / 1024 / 1024) * 5, 12);
    expect(estimateQuery(layout).usd.athena).toBeCloseTo(athenaQueryUsd(10 * MB, prices), 12);
    const big = estimateQuery({ ...layout, averageRecordBytes: 20_000 });
    expect(big.athenaBilledBytes).toBe(Math.ceil((35_001 * 20_000) / MB) * MB);
  });

  it('derives duration and Lambda GB-seconds from the stated timings', () => {
    const t = CONNECTOR_TIMING;
    const e = estimateQuery({ ...layout, coldStart: false, concurrency: 1 });
    // Record rate dominates at 200 B a record (200 B x 100k/s = 20 MB/s < 24.6 MB/s).
    const reads = [0, 10_000, 10_001, 10_001, 4_999].map((r) => r / t.recordsPerSecond);
    const lastWaits = 3 * t.lastSplitWaitSeconds;
    const splitSeconds = reads.reduce((a, b) => a + b, 0) + 5 * t.fixedSecondsPerCall + lastWaits;
    expect(e.lambdaSeconds).toBeCloseTo(splitSeconds + 3 * t.fixedSecondsPerCall, 9);
    expect(e.durationSeconds).toBeCloseTo(e.lambdaSeconds, 9);
    expect(e.lambdaGbSeconds).toBeCloseTo(e.lambdaSeconds * (3008 / 1024), 9);
    const parallel = estimateQuery({ ...layout, coldStart: false });
    expect(parallel.durationSeconds).toBeLessThan(e.durationSeconds);
    expect(parallel.durationSeconds).toBeGreaterThan(t.lastSplitWaitSeconds);
  });

  it('reads CSV at its slower byte rate', () => {
    const json = estimateQuery({ ...layout, averageRecordBytes: 1000, coldStart: false, concurrency: 1 });
    const csv = estimateQuery({ ...layout, averageRecordBytes: 1000, coldStart: false, concurrency: 1, format: 'csv' });
    const bytes = 35_001 * 1000;
    expect(csv.lambdaSeconds - json.lambdaSeconds).toBeCloseTo(bytes / CONNECTOR_TIMING.bytesPerSecond.csv - bytes / CONNECTOR_TIMING.bytesPerSecond.json, 6);
  });

  it('adds a cold start per concurrent instance and prices arm64 below x86_64', () => {
    const warm = estimateQuery({ ...layout, coldStart: false });
    const cold = estimateQuery(layout);
    expect(cold.lambdaSeconds - warm.lambdaSeconds).toBeCloseTo(5 * CONNECTOR_TIMING.coldStartSeconds, 9);
    expect(estimateQuery({ ...layout, architecture: 'arm64' }).usd.lambda).toBeLessThan(cold.usd.lambda);
    const p = PRICES.regions['us-east-1'];
    expect(cold.usd.lambda).toBeCloseTo(cold.lambdaGbSeconds * p.lambdaGbSecond.x86_64 + (8 / 1e6) * p.lambdaPerMillionRequests, 12);
    expect(cold.usd.total).toBeCloseTo(cold.usd.lambda + cold.usd.athena, 12);
  });

  it('falls back to us-east-1 prices, and says so, for a region the table lacks', () => {
    expect(estimateQuery({ ...layout, region: 'ap-southeast-7' }).prices).toEqual({ region: 'us-east-1', fallback: true });
    expect(estimateQuery(layout).prices).toEqual({ region: 'us-east-1', fallback: false });
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('formats dollars with two significant digits under a dollar', () => {
    expect(formatUsd(0.0000476837)).toBe('$0.000048');
    expect(formatUsd(0.0123)).toBe('$0.012');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0');
  });
});
