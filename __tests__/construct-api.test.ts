import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const nameOf = (node: { name?: ts.Node }) => (node.name && ts.isIdentifier(node.name) ? node.name.text : '');

/** Optional members of the construct inputs (`*Props`, `*Options`, `*Attributes`) whose doc comment says no `@default`. */
function undocumentedDefaults(file: string, text: string): string[] {
  const found: string[] = [];
  parse(file, text).forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !/(Props|Options|Attributes)$/.test(node.name.text)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.questionToken) continue;
      if (!ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'default')) found.push(`${file}: ${node.name.text}.${nameOf(member)}`);
    }
  });
  return found;
}

/** Public attributes of exported constructs named plain `arn` (not what the ARN is of), and importers not shaped `fromXxx(scope, id, ...)`. */
function classProblems(file: string, text: string): string[] {
  const found: string[] = [];
  parse(file, text).forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || !node.name || !ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    for (const member of node.members) {
      const name = nameOf(member);
      const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
      const isPrivate = modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
      if (name === 'arn' && !isPrivate) found.push(`${file}: ${node.name.text}.arn`);
      const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      if (isStatic && ts.isMethodDeclaration(member) && /^from[A-Z]/.test(name)) {
        const [scope, id] = member.parameters.map((p) => `${p.name.getText()}: ${p.type?.getText()}`);
        if (scope !== 'scope: Construct' || id !== 'id: string') found.push(`${file}: ${node.name.text}.${name}(${scope}, ${id}, ...)`);
      }
    }
  });
  return found;
}

describe('construct API', () => {
  const files = sources(join(ROOT, 'modules')).map((path) => ({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

  it('documents the default of every optional prop, option and attribute (@default)', () => {
    expect(files.filter((f) => /export interface \w+Props\b/.test(f.text)).length).toBeGreaterThan(20);
    expect(files.flatMap((f) => undocumentedDefaults(f.file, f.text))).toEqual([]);
  });

  it('names ARN attributes for what they are (functionArn, keyArn, ...) and imports with static fromXxx(scope, id, ...)', () => {
    expect(files.flatMap((f) => classProblems(f.file, f.text))).toEqual([]);
  });

  it('would catch an optional prop without @default, an `arn` attribute and an importer without a scope', () => {
    const props = 'export interface XProps {\n  /** @default 2 */\n  readonly a?: number;\n  /** Why. */\n  readonly b?: string;\n  readonly c: string;\n}';
    expect(undocumentedDefaults('x.ts', props)).toEqual(['x.ts: XProps.b']);
    const cls = [
      'export class X extends Construct {',
      '  static fromXId(xId: string, name: string): IX { return { xId, name }; }',
      '  static fromXArn(scope: Construct, id: string, xArn: string): IX { return new Imported(scope, id, xArn); }',
      '  readonly arn: string;',
      '  private readonly secret = 1;',
      '}',
    ].join('\n');
    expect(classProblems('x.ts', cls)).toEqual(['x.ts: X.fromXId(xId: string, name: string, ...)', 'x.ts: X.arn']);
  });
});
