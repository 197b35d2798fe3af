import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './helpers/synth';

/*
 * README.md is a landing page and docs/ holds the task pages: every relative
 * link between them (and to the project's files) must resolve, anchors
 * included, and the landing page must stay short.
 */
const README_MAX_LINES = 300;
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The text outside fenced code blocks and inline code spans, line by line. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '');
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative links of a page, with the line they are on. */
function linksOf(markdown: string): { line: number; target: string }[] {
  return prose(markdown).flatMap((text, i) =>
    [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ line: i + 1, target })),
  );
}

function brokenLinks(file: string): string[] {
  return linksOf(read(file)).flatMap(({ line, target }) => {
    const [path, anchor] = target.split('#', 2);
    const resolved = path ? join(dirname(join(ROOT, file)), decodeURIComponent(path)) : join(ROOT, file);
    const where = `${file}:${line}: ${target}`;
    if (!existsSync(resolved)) return [`${where}: ${relative(ROOT, resolved)} does not exist`];
    if (anchor === undefined) return [];
    if (!resolved.endsWith('.md')) return [`${where}: an anchor on a file that is not Markdown`];
    return anchorsOf(readFileSync(resolved, 'utf8')).has(anchor) ? [] : [`${where}: ${relative(ROOT, resolved)} has no heading #${anchor}`];
  });
}

describe('README and docs', () => {
  it(`keep README.md a landing page of at most ${README_MAX_LINES} lines`, () => {
    const lines = read('README.md').replace(/\n$/, '').split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('link only to files and headings that exist', () => {
    expect(PAGES.length).toBeGreaterThan(5);
    expect(PAGES.flatMap((file) => linksOf(read(file))).length).toBeGreaterThan(50);
    expect(PAGES.flatMap(brokenLinks)).toEqual([]);
  });

  it('link every docs page from README.md, and start each with its title and purpose', () => {
    const readmeTargets = new Set(linksOf(read('README.md')).map(({ target }) => target.split('#')[0]));
    expect(PAGES.filter((file) => file !== 'README.md' && !readmeTargets.has(file))).toEqual([]);
    const untitled = PAGES.filter((file) => {
      const [title, blank, purpose] = read(file).split('\n');
      return !/^# \S/.test(title) || blank !== '' || !/^[A-Z]/.test(purpose ?? '');
    });
    expect(untitled).toEqual([]);
  });

  it('would catch a missing file, a missing heading and an anchor on a repeated heading', () => {
    const page =
      '# A page\n\n## Set up, synthesize, test\n\n## Notes\n\n## Notes\n\n```\n[not a link](nowhere.md)\n```\n`[nor this](x.md)`\n[web](https://example.com) [here](#notes-1) [file](nowhere.md#x)\n';
    expect([...anchorsOf(page)]).toEqual(['a-page', 'set-up-synthesize-test', 'notes', 'notes-1']);
    expect(linksOf(page)).toEqual([
      { line: 13, target: '#notes-1' },
      { line: 13, target: 'nowhere.md#x' },
    ]);
  });
});
