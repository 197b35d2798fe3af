import type { DocumentInference } from './document-infer';
import type { RegistryInference } from './registry-infer';
import type { Note } from './sample';

/*
 * What schemas:infer prints before it writes: per field the column, its type
 * and the evidence, then what to know about the values; then the table's notes.
 */

const noteLine = (n: Note, indent: string) => `${indent}${n.level}: ${n.text}`;

export function documentReport(inference: DocumentInference): string[] {
  const width = Math.max(...inference.fields.map((f) => f.name.length));
  const lines = inference.fields.flatMap((f) => {
    const from = f.mapping === f.name ? '' : ` (${inference.format === 'json' ? `key ${JSON.stringify(f.mapping)}` : `column ${f.mapping}`})`;
    const type = f.formatHint ? `${f.type} "${f.formatHint}"` : f.type;
    return [`  ${f.name.padEnd(width)}  ${type}${from}: ${f.evidence}`, ...f.notes.map((n) => noteLine(n, `  ${' '.repeat(width)}    `))];
  });
  return [...lines, ...inference.notes.map((n) => noteLine(n, '  '))];
}

export function registryReport(inference: RegistryInference, columns: readonly { name: string; type: string; declared: string }[]): string[] {
  const width = Math.max(0, ...columns.map((c) => c.name.length));
  return [
    ...columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type.toUpperCase()} (${inference.format} ${c.declared})`),
    `  from the writer's schema ${inference.writer.registry}/${inference.writer.schema}, version ${inference.versionId}`,
    ...inference.notes.map((n) => noteLine(n, '  ')),
  ];
}
