import { getSplitsCalls, MAX_RECORDS_IN_SPLIT, pieceTopicPartition, recordsInPiece } from '../../../core/cost/connector-splits';

describe("the connector's splits (AmazonMskMetadataHandler.pieceTopicPartition)", () => {
  it('makes one split of an empty partition, and of one holding up to 10,000 records', () => {
    expect(pieceTopicPartition(0, 0)).toEqual([{ startOffset: 0, endOffset: 0 }]);
    expect(pieceTopicPartition(500, 500)).toEqual([{ startOffset: 500, endOffset: 500 }]);
    expect(pieceTopicPartition(0, 9_999)).toEqual([{ startOffset: 0, endOffset: 9_999 }]);
    expect(pieceTopicPartition(0, 10_000)).toEqual([{ startOffset: 0, endOffset: 10_000 }]);
  });

  it("cuts 25,001 records into 3 splits with the connector's inclusive offsets", () => {
    expect(pieceTopicPartition(0, 25_001)).toEqual([
      { startOffset: 0, endOffset: 10_000 },
      { startOffset: 10_001, endOffset: 20_001 },
      { startOffset: 20_002, endOffset: 25_001 },
    ]);
  });

  it("matches the connector's own unit tests (AmazonMskMetadataHandlerTest): a non-zero start, many pieces", () => {
    // pieceTopicPartition_whenNonZeroStart: start 5000, end 25000 -> 2 pieces.
    expect(pieceTopicPartition(5_000, 25_000).map((p) => [p.startOffset, p.endOffset])).toEqual([
      [5_000, 15_000],
      [15_001, 25_000],
    ]);
    expect(pieceTopicPartition(0, 1_000_000)).toHaveLength(100);
    expect(pieceTopicPartition(0, 1_000_001)).toHaveLength(101);
  });

  it("counts pieces in Java float as the connector does, which rounds a huge partition's count", () => {
    // Above 2^24 a float holds even numbers only: 17,000,001 offsets round to 17,000,000, so 1,700 pieces, not 1,701.
    const total = 17_000_001;
    expect(Math.ceil(total / MAX_RECORDS_IN_SPLIT)).toBe(1_701);
    const pieces = pieceTopicPartition(0, total);
    expect(pieces).toHaveLength(1_700);
    expect(pieces.at(-1)!.endOffset).toBe(total);
  });

  it('reads every record of a partition exactly once across its pieces', () => {
    for (const [begin, end] of [
      [0, 25_001],
      [7, 30_007],
      [123, 123],
      [0, 10_000],
      [42, 100_043],
      [0, 17_000_001],
    ]) {
      const p = { partition: 0, begin, end };
      expect(pieceTopicPartition(begin, end).reduce((a, piece) => a + recordsInPiece(piece, p), 0)).toBe(end - begin);
    }
  });

  it('pages GetSplits after the partition that takes a page to 1,000 splits, never after the last one', () => {
    expect(getSplitsCalls([1, 1, 3])).toBe(1);
    expect(getSplitsCalls([1_000])).toBe(1);
    expect(getSplitsCalls([999, 1, 5])).toBe(2);
    expect(getSplitsCalls([600, 600, 600, 600])).toBe(2);
    expect(getSplitsCalls([600, 600, 600, 600, 1])).toBe(3);
  });
});
