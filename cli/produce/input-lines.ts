import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** One record's line of the input: its 1-based number in the file and its text, as it is. */
export interface InputLine {
  readonly number: number;
  readonly text: string;
}

/**
 * The records of a file: one per line, blank lines skipped (a trailing newline
 * or a blank line would otherwise become an empty record). A byte order mark and
 * Windows line ends are not part of any record.
 */
export function inputLines(text: string): InputLine[] {
  const lines: InputLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() !== '') lines.push({ number: i + 1, text: line });
    });
  return lines;
}

/** How the input is named in messages. */
export const inputLabel = (file: string) => (file === '-' ? 'standard input' : file);

/** The text of `--file F`, or of standard input for `--file -`. */
export async function readInput(file: string, stdin: Readable & { isTTY?: boolean }): Promise<string> {
  if (file === '-') {
    if (stdin.isTTY) {
      throw new Error('--file - reads the records from standard input, which is a terminal here; pipe or redirect them in (... < records.jsonl)');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    // npm runs scripts in the project's folder; a relative path means the folder the user ran npm in.
    return readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new Error(`cannot read --file ${file}: ${why}; give the path of a file of JSON or CSV lines (- for standard input)`, { cause: err });
  }
}
