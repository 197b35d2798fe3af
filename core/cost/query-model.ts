import { getSplitsCalls, pieceTopicPartition, recordsInPiece, type PartitionOffsets } from './connector-splits';
import { athenaBilledBytes, athenaQueryUsd, lambdaUsd, pricesFor, type LambdaArchitecture } from './prices';

/**
 * How long the connector takes, measured with the real connector (v2026.33.1,
 * built from its source and driven through its handler against a local broker,
 * 2026-11-29). A split reads at the slower of its record rate and its byte rate.
 */
export const CONNECTOR_TIMING = {
  /** A full 10,000-offset split reads in about 0.1 s (95-100k records/s). */
  recordsPerSecond: 100_000,
  /** Bytes of record values per second by table format; Avro and Protobuf were not measured and use JSON's. */
  bytesPerSecond: { json: 24.6e6, csv: 4.9e6, avro: 24.6e6, protobuf: 24.6e6 },
  /** Each split costs a further 55-70 ms (the middle is used); the metadata calls are counted at the same cost. */
  fixedSecondsPerCall: 0.0625,
  /** The last split of every partition waits at the log end: three empty 1 s polls. */
  lastSplitWaitSeconds: 3,
  /** A cold start adds about 1.1 s; every concurrent instance of a first query starts cold once. */
  coldStartSeconds: 1.1,
} as const;

export type TableFormat = keyof typeof CONNECTOR_TIMING.bytesPerSecond;

export interface QueryEstimateInput {
  readonly partitions: readonly PartitionOffsets[];
  /** Average bytes of a record value, from a sample. */
  readonly averageRecordBytes: number;
  readonly format: TableFormat;
  readonly memoryMb: number;
  readonly architecture: LambdaArchitecture;
  readonly region: string;
  /** Connector instances running at once (Lambda's unreserved account concurrency caps it). */
  readonly concurrency: number;
  /** Count a cold start for every instance (the first query after a quiet spell). @default true */
  readonly coldStart?: boolean;
}

export interface PartitionEstimate extends PartitionOffsets {
  readonly records: number;
  readonly splits: number;
}

export interface QueryEstimate {
  readonly partitions: readonly PartitionEstimate[];
  readonly records: number;
  /** Record value bytes the connector hands Athena: what Athena bills as scanned. */
  readonly bytes: number;
  readonly splits: number;
  /** One per split, plus the metadata calls (GetTable, GetTableLayout and each GetSplits page). */
  readonly invocations: number;
  readonly metadataCalls: number;
  /** Wall-clock seconds from first call to last split, under the model. */
  readonly durationSeconds: number;
  readonly lambdaSeconds: number;
  readonly lambdaGbSeconds: number;
  readonly athenaBilledBytes: number;
  readonly usd: { readonly lambda: number; readonly athena: number; readonly total: number };
  readonly prices: { readonly region: string; readonly fallback: boolean };
}

/** What one query of a topic's table costs, from the topic's offsets and a sampled record size. */
export function estimateQuery(input: QueryEstimateInput): QueryEstimate {
  const t = CONNECTOR_TIMING;
  const splitSeconds: number[] = [];
  const partitions = input.partitions.map((p) => {
    const pieces = pieceTopicPartition(p.begin, p.end);
    pieces.forEach((piece, i) => {
      const records = recordsInPiece(piece, p);
      const read = Math.max(records / t.recordsPerSecond, (records * input.averageRecordBytes) / t.bytesPerSecond[input.format]);
      splitSeconds.push(t.fixedSecondsPerCall + read + (i === pieces.length - 1 ? t.lastSplitWaitSeconds : 0));
    });
    return { ...p, records: Math.max(0, p.end - p.begin), splits: pieces.length };
  });
  const splits = splitSeconds.length;
  const metadataCalls = 2 + getSplitsCalls(partitions.map((p) => p.splits));
  const concurrency = Math.max(1, Math.min(input.concurrency, splits));
  const cold = (input.coldStart ?? true) ? t.coldStartSeconds : 0;
  const metadataSeconds = metadataCalls * t.fixedSecondsPerCall;
  const splitTotal = splitSeconds.reduce((a, b) => a + b, 0);
  // Splits spread over `concurrency` instances: no faster than the longest split nor than an even share of the work.
  const durationSeconds = cold + metadataSeconds + Math.max(Math.max(0, ...splitSeconds), splitTotal / concurrency);
  // The metadata and record handlers are one function: the instance that plans the query reads splits too.
  const lambdaSeconds = metadataSeconds + splitTotal + cold * concurrency;
  const lambdaGbSeconds = lambdaSeconds * (input.memoryMb / 1024);
  const records = partitions.reduce((a, p) => a + p.records, 0);
  const bytes = Math.round(records * input.averageRecordBytes);
  const { region, prices, fallback } = pricesFor(input.region);
  const lambda = lambdaUsd(lambdaGbSeconds, splits + metadataCalls, input.architecture, prices);
  const athena = athenaQueryUsd(bytes, prices);
  return {
    partitions,
    records,
    bytes,
    splits,
    invocations: splits + metadataCalls,
    metadataCalls,
    durationSeconds,
    lambdaSeconds,
    lambdaGbSeconds,
    athenaBilledBytes: athenaBilledBytes(bytes),
    usd: { lambda, athena, total: lambda + athena },
    prices: { region, fallback },
  };
}
