/*
 * CloudWatch Logs events of the project's functions as one line each:
 * `<time> <stream> <message>`, the message without the prefix the runtime adds.
 */

/** The instance id at the end of a Lambda log stream name (`2026/11/29/[$LATEST]0a1b...`), shortened like a git hash. */
export function streamShortId(stream: string): string {
  const instance = /\]([0-9a-f]+)$/.exec(stream)?.[1] ?? stream.replace(/[^A-Za-z0-9]/g, '');
  return instance.slice(0, 8);
}

/** Node.js runtime, text format: `<ISO time>\t<request id>\t<LEVEL>\t<message>`. */
const NODE_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\t([A-Z]+)\t/;
/** The connector's log4j2 pattern (athena-msk log4j2.xml): `%d{yyyy-MM-dd HH:mm:ss} %X{AWSRequestId} %-5p ...`. */
const CONNECTOR_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:[0-9a-f-]{36} )?([A-Z]+) +/;

/**
 * The message without the runtime's time and request id (the line's own time
 * says when), its level kept; a multi-line message (a stack trace) stays on
 * one line with its breaks written as \n.
 */
export function trimRuntimePrefix(message: string): string {
  const text = message.replace(/\s+$/, '');
  const m = NODE_PREFIX.exec(text) ?? CONNECTOR_PREFIX.exec(text);
  const body = m ? `${m[1]} ${text.slice(m[0].length)}` : text;
  return body.replace(/\r?\n/g, '\\n');
}

export interface LogEvent {
  readonly timestamp?: number;
  readonly logStreamName?: string;
  readonly message?: string;
}

/** One line per event: UTC time to the millisecond, the stream's short id, the trimmed message. */
export function formatLogEvent(e: LogEvent): string {
  const time = new Date(e.timestamp ?? 0).toISOString();
  return `${time} ${streamShortId(e.logStreamName ?? '').padEnd(8)} ${trimRuntimePrefix(e.message ?? '')}`;
}

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `1h`, `2d` in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(text.trim());
  return m && Number(m[1]) > 0 ? Number(m[1]) * UNITS[m[2]] : undefined;
}
