import { formatLogEvent, parseDuration, streamShortId, trimRuntimePrefix } from '../../../cli/logs/log-lines';

describe('log lines', () => {
  it("drops the Node.js runtime's time and request id, keeping the level", () => {
    expect(trimRuntimePrefix('2026-11-29T13:45:09.123Z\t6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\tERROR\tproduce failed: timeout\n')).toBe(
      'ERROR produce failed: timeout',
    );
  });

  it("drops the connector's log4j2 time and request id (athena-msk log4j2.xml pattern)", () => {
    expect(
      trimRuntimePrefix(
        '2026-11-29 13:45:09 6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f INFO  AmazonMskMetadataHandler:389 - [TopicPartitionPiece] Total pieces created 3\n',
      ),
    ).toBe('INFO AmazonMskMetadataHandler:389 - [TopicPartitionPiece] Total pieces created 3');
  });

  it("leaves Lambda's own lines alone and keeps a stack trace on one line", () => {
    expect(trimRuntimePrefix('REPORT RequestId: 6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\tDuration: 101.52 ms\t\n')).toBe(
      'REPORT RequestId: 6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\tDuration: 101.52 ms',
    );
    expect(trimRuntimePrefix('Error: boom\n    at f (index.js:1:1)\n')).toBe('Error: boom\\n    at f (index.js:1:1)');
  });

  it('shortens a Lambda log stream to its instance id', () => {
    expect(streamShortId('2026/11/29/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9')).toBe('0a1b2c3d');
    expect(streamShortId('2026/11/29/[12]ffeeddccbbaa')).toBe('ffeeddcc');
    expect(streamShortId('my-stream')).toBe('mystream');
  });

  it('prints one line per event: UTC time, stream, message', () => {
    expect(formatLogEvent({ timestamp: Date.UTC(2026, 10, 29, 13, 45, 9, 5), logStreamName: '2026/11/29/[$LATEST]abcdef0123456789', message: 'hello\n' })).toBe(
      '2026-11-29T13:45:09.005Z abcdef01 hello',
    );
  });

  it('reads durations 30m, 1h, 2d and refuses others', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    for (const bad of ['1', 'h', '1.5h', '0m', '-1h', '1y', '']) expect(parseDuration(bad)).toBeUndefined();
  });
});
