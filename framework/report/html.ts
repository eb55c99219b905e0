// Small pieces of a self-contained HTML page: escaped text, tables, and the page around inline SVG charts.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A table; with `head` undefined, the first cell of each row is its heading. */
export function htmlTable(head: readonly string[] | undefined, rows: readonly (readonly string[])[]): string {
  const cells = (row: readonly string[], tag: 'th' | 'td') => row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('');
  const body = head
    ? rows.map((row) => `<tr>${cells(row, 'td')}</tr>`)
    : rows.map(([first = '', ...rest]) => `<tr>${cells([first], 'th')}${cells(rest, 'td')}</tr>`);
  return `<table>\n${head ? `<thead><tr>${cells(head, 'th')}</tr></thead>\n` : ''}<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

export interface HtmlSection {
  readonly heading: string;
  /** Already-escaped HTML (a table, a paragraph, an inline SVG). */
  readonly html: string;
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 12px 0; } figcaption { font-size: 13px; color: #555; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 13px; }
`;

/** A whole page: no external stylesheet, script or image, so the file opens anywhere on its own. */
export function htmlPage(title: string, intro: string, sections: readonly HtmlSection[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="note">${escapeHtml(intro)}</p>`,
    ...sections.map((section) => `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n${section.html}\n</section>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An SVG chart inline (its title is drawn inside it), without the XML prolog a standalone file may carry. */
export function inlineSvg(title: string, svg: string): string {
  return `<figure aria-label="${escapeHtml(title)}">\n${svg.replace(/^<\?xml[^>]*>\s*/, '')}\n</figure>`;
}
