/*
 * How the Athena MSK connector cuts a topic into splits, one Lambda invocation
 * each, ported from AmazonMskMetadataHandler (athena-msk, tag v2026.33.1):
 * doGetSplits asks Kafka for every partition's beginning and end offsets and
 * pieces each partition with pieceTopicPartition. There is no offset, partition
 * or LIMIT pushdown, so every query pays for every split of the retained topic.
 */

/** AmazonMskConstants.MAX_RECORDS_IN_SPLIT. */
export const MAX_RECORDS_IN_SPLIT = 10_000;

/** AmazonMskMetadataHandler.MAX_SPLITS_PER_REQUEST: GetSplits pages after a partition that takes a page past it. */
export const MAX_SPLITS_PER_REQUEST = 1_000;

/** A split's offsets as the connector writes them into it (both ends inclusive, as its record handler reads them). */
export interface SplitPiece {
  readonly startOffset: number;
  readonly endOffset: number;
}

/** One partition as Kafka reports it: the log start offset and the log end offset (the next offset to be written). */
export interface PartitionOffsets {
  readonly partition: number;
  readonly begin: number;
  readonly end: number;
}

/**
 * pieceTopicPartition(startOffset, endOffset), step for step. An empty partition
 * is still one split, and the piece count is computed in Java `float`
 * (Math.ceil((float) total / (float) MAX_RECORDS_IN_SPLIT)), which Math.fround reproduces.
 */
export function pieceTopicPartition(startOffset: number, endOffset: number): SplitPiece[] {
  if (endOffset + 1 <= startOffset + MAX_RECORDS_IN_SPLIT) return [{ startOffset, endOffset }];
  const totalOffset = endOffset - startOffset;
  const pieces = Math.trunc(Math.ceil(Math.fround(Math.fround(totalOffset) / Math.fround(MAX_RECORDS_IN_SPLIT))));
  const out: SplitPiece[] = [];
  let x = startOffset;
  let y = startOffset + MAX_RECORDS_IN_SPLIT;
  for (let i = 0; i < pieces; i++) {
    out.push({ startOffset: x, endOffset: y });
    x = y + 1;
    y = Math.min(x + MAX_RECORDS_IN_SPLIT, endOffset);
  }
  return out;
}

/** Records of a partition that a piece reads: offsets it covers below the log end. */
export function recordsInPiece(piece: SplitPiece, partition: PartitionOffsets): number {
  return Math.max(0, Math.min(piece.endOffset, partition.end - 1) - Math.max(piece.startOffset, partition.begin) + 1);
}

/** GetSplits calls Athena makes for the topic: a new page starts after the partition that reaches MAX_SPLITS_PER_REQUEST. */
export function getSplitsCalls(splitsPerPartition: readonly number[]): number {
  let calls = 1;
  let inPage = 0;
  splitsPerPartition.forEach((n, i) => {
    inPage += n;
    if (inPage >= MAX_SPLITS_PER_REQUEST && i < splitsPerPartition.length - 1) {
      calls++;
      inPage = 0;
    }
  });
  return calls;
}
