// Keeps functions short: no function, method, arrow function or function expression in
// server/src (migrations aside, they are generated) may span more than 60 lines, first
// line to last. Measured with the TypeScript parser, so comments and strings cannot fool
// it. The callbacks of describe/test blocks are groupings, not functions, and are skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 60;
const root = join(__dirname, '..');
const serverSrc = join(root, 'server', 'src');
const skipped = new Set([join(serverSrc, 'migrations')]);

const JEST_BLOCKS = new Set(['describe', 'test', 'it', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach']);

interface LongFunction {
  key: string;
  line: number;
  lines: number;
}

type FunctionNode = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.ConstructorDeclaration | ts.AccessorDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isAccessor(node);
}

/** `describe('…', () => { … })` and the like: the callback groups tests. */
function isJestBlock(node: FunctionNode): boolean {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : call.expression;
  return ts.isIdentifier(callee) && JEST_BLOCKS.has(callee.text);
}

/** The function's own name, or the variable or property it is assigned to; methods carry their class. */
function nameOf(node: FunctionNode, source: ts.SourceFile): string {
  const parent = node.parent;
  let name = ts.isConstructorDeclaration(node) ? 'constructor' : node.name?.getText(source);
  if (!name && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) name = parent.name.getText(source);
  const owner = ts.isClassLike(parent) ? parent.name?.text : undefined;
  return owner ? `${owner}.${name ?? '(anonymous)'}` : (name ?? '(anonymous)');
}

/** Every function in the text longer than `max` lines. */
export function longFunctions(file: string, text: string, max = MAX_LINES): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node) && !isJestBlock(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > max) found.push({ key: `${file}:${nameOf(node, source)}`, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skipped.has(path) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('code shape', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');

  test('the measure counts first to last line, names methods by class, and skips describe blocks', () => {
    const text = [
      `function fits() {\n${lines(58)}\n}`,
      `function tooLong() {\n${lines(59)}\n}`,
      `class Service {\n  method() {\n${lines(59)}\n  }\n}`,
      `const arrow = () => {\n${lines(59)}\n};`,
      `describe('group', () => {\n${lines(80)}\n});`,
    ].join('\n');
    expect(longFunctions('x.ts', text).map((f) => [f.key, f.lines])).toEqual([
      ['x.ts:tooLong', 61],
      ['x.ts:Service.method', 61],
      ['x.ts:arrow', 61],
    ]);
  });

  test(`no function in server/src is longer than ${MAX_LINES} lines`, () => {
    const files = sourceFiles(serverSrc);
    expect(files.length).toBeGreaterThan(50);
    const long = files.flatMap((path) => longFunctions(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8')));
    expect(long.map((f) => `${f.key} (line ${f.line}, ${f.lines} lines)`)).toEqual([]);
  });
});
