// A Markdown table with its columns padded to one width, as the project's formatter (Biome) writes them: for the
// generated pages under docs/results, which the lint checks like any other file.

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function paddedMarkdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [head, ...rows].map((row) => row.map(escapeCell));
  const width = (text: string) => [...text].length;
  const widths = head.map((_, column) => Math.max(3, ...cells.map((row) => width(row[column] ?? ''))));
  const line = (row: readonly string[]) =>
    `| ${widths.map((w, column) => (row[column] ?? '').padEnd(w + (row[column] ?? '').length - width(row[column] ?? ''))).join(' | ')} |`;
  const [first = [], ...rest] = cells;
  return [line(first), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rest.map(line)].join('\n');
}
