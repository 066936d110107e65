/**
 * The import graph of a source folder, read with the TypeScript compiler API, and the circles in it.
 *
 * Type-only imports count as edges: a circle made only of types still ties the files into one unit
 * that cannot be understood, moved or tested apart, which is what the "no import circles" rule is for.
 * Dynamic `import()` and `import('x').T` type queries count too, for the same reason.
 * Only relative specifiers are followed; packages (`@kefu/shared`, `koa`) are outside the folder.
 * `typeImports: false` reads the value-only graph, for reports that want to tell the two apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** File (path relative to the root, `/`-separated) -> the files it imports inside the root. */
export type ImportGraph = Map<string, Set<string>>;

function listSourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

export interface ReadOptions {
  /** Count imports that bring in only types (`import type`, `import { type A }`, `import('x').T`); default true. */
  typeImports?: boolean;
}

/** True for `import type {…}`, `export type {…}` and `import { type A, type B }` (no value, no default, no namespace). */
function importsOnlyTypes(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function collectSpecifiers(source: ts.SourceFile, typeImports: boolean): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (typeImports || !importsOnlyTypes(node)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    } else if (typeImports && ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveRelative(fromFile: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => known.has(candidate));
}

/** Reads every .ts file under `rootDir` and returns the graph of relative imports between them. */
export function readImportGraph(rootDir: string, options: ReadOptions = {}): ImportGraph {
  const files = listSourceFiles(path.resolve(rootDir));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets = new Set<string>();
    for (const specifier of collectSpecifiers(source, options.typeImports ?? true)) {
      const target = resolveRelative(file, specifier, known);
      if (target) targets.add(path.relative(rootDir, target).split(path.sep).join('/'));
    }
    graph.set(path.relative(rootDir, file).split(path.sep).join('/'), targets);
  }
  return graph;
}

/** Strongly connected components with more than one file, or one file importing itself (Tarjan). */
export function findImportCircles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) circles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return circles.sort((a, b) => b.length - a.length);
}

/** One concrete loop through a circle's first file (breadth-first, so it is a shortest one), for the failure message. */
export function traceCircle(graph: ImportGraph, circle: string[]): string[] {
  const members = new Set(circle);
  const start = circle[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const loop = [node];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0])!);
        return [...loop, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return circle;
}

/** A readable account of every circle: its size, its files, and one loop through it. */
export function describeImportCircles(graph: ImportGraph, circles: string[][]): string {
  return circles
    .map((circle) => `${circle.length} files: ${circle.join(', ')}\n  e.g. ${traceCircle(graph, circle).join(' -> ')}`)
    .join('\n');
}

/** The top-level folder a file belongs to (its bounded context); files directly in the root have none. */
function contextOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash < 0 ? undefined : file.slice(0, slash);
}

function isModelsFile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return name === 'models.ts' || name.endsWith('-models.ts');
}

/**
 * Files that import another context's models (`models.ts` or `*-models.ts` in another top-level
 * folder), each with the models files it reaches into. Files at the root (runtime, app, boot) count
 * too: they are no context, so every models file is another's.
 */
export function findForeignModelImports(graph: ImportGraph): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [file, targets] of graph) {
    const foreign = [...targets].filter((target) => isModelsFile(target) && contextOf(target) !== contextOf(file));
    if (foreign.length > 0) found.set(file, foreign.sort());
  }
  return found;
}

/**
 * Pairs of contexts (top-level folders) that import each other, each pair as `a <-> b` with a < b.
 * Root files (runtime, app, boot) are left out: they are the composition root, not a context.
 */
export function findMutualContexts(graph: ImportGraph): string[] {
  const edges = new Set<string>();
  for (const [file, targets] of graph) {
    const from = contextOf(file);
    for (const target of targets) {
      const to = contextOf(target);
      if (from && to && from !== to) edges.add(`${from} ${to}`);
    }
  }
  return [...edges]
    .map((edge) => edge.split(' '))
    .filter(([from, to]) => from < to && edges.has(`${to} ${from}`))
    .map(([from, to]) => `${from} <-> ${to}`)
    .sort();
}
