import Table from 'cli-table3';

export type OutputFormat = 'table' | 'csv' | 'json';

const csvCell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Rows as a readable table, RFC 4180 CSV, or a JSON array of objects. */
export function render(columns: string[], rows: (string | null)[][], format: OutputFormat): string {
  if (format === 'csv') return [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  if (format === 'json')
    return (
      JSON.stringify(
        rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
        null,
        2,
      ) + '\n'
    );
  const table = new Table({ head: columns, style: { head: [], border: [] } });
  for (const r of rows) table.push(r.map((v) => (v === null ? 'NULL' : v)));
  return table.toString() + '\n';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
