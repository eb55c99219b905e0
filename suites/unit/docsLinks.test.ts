// The README and docs/ are the front door: every relative link must reach a file, and every #anchor a heading of it
// (GitHub's slugs, by github-slugger), so that a reader never lands on a 404 or the top of the wrong page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name));
  return [join(root, 'README.md'), ...docs];
}

/** The anchors GitHub gives a page's headings (a repeated heading gets -1, -2, ...). */
function anchorsOf(path: string): Set<string> {
  const slugger = new GithubSlugger();
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) => slugger.slug((m[1] as string).replace(/`/g, ''))));
}

test('every relative link in README.md and docs/ reaches a file, and every #anchor a heading there', () => {
  const files = markdownFiles();
  expect(files.length).toBeGreaterThan(10);
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      const [pathPart = '', anchor] = target.split('#');
      const resolved = pathPart === '' ? file : join(dirname(file), decodeURIComponent(pathPart));
      const where = `${relative(root, file)}: ${target}`;
      checked++;
      if (!existsSync(resolved)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
        broken.push(`${where} (no heading with that anchor)`);
      }
    }
  }
  expect(checked).toBeGreaterThan(50);
  expect(broken).toEqual([]);
});
