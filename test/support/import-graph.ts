import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The import graph of the project's TypeScript sources, read with the compiler's own pre-processor
 * (`ts.preProcessFile`: `import`, `import type`, `export … from`, `import()` and `require()`), and
 * the layer rules checked against it. Relative specifiers are resolved like TypeScript does
 * (`x.ts`, `x/index.ts`); bare specifiers are packages (`aws-cdk-lib/aws-iam` → `aws-cdk-lib`).
 */

/** One import of a file: a project file (relative to the root) or a package. */
export type ImportTarget = { readonly file: string } | { readonly pkg: string };

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Whether a bare specifier is a Node.js built-in module (`fs`, `node:path`). */
export function isBuiltin(pkg: string): boolean {
  return BUILTINS.has(pkg) || BUILTINS.has(pkg.split('/')[0]);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The imports of one file (`file` relative to `root`). */
export function importsOf(root: string, file: string): ImportTarget[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith('.')) return { pkg: packageName(fileName) };
    const base = path.join(path.dirname(file), fileName);
    const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base, `${base}.js`];
    const found = candidates.find((c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile());
    if (!found) throw new Error(`${file}: cannot resolve '${fileName}'`);
    return { file: found.split(path.sep).join('/') };
  });
}

/** Every `.ts` file under `dir` (relative to `root`), skipping `exclude`d prefixes. */
export function sourceFiles(root: string, dir: string, exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (exclude.some((e) => child === e || child.startsWith(`${e}/`))) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** A forbidden import, with the chain of files that leads to it from where the rule starts. */
export interface LayerViolation {
  readonly rule: string;
  readonly chain: readonly string[];
  readonly target: string;
}

/** The layer rules of the project. */
export interface LayerRules {
  /**
   * Everything these files reach, directly or through other files, may import only packages in
   * `allowedPackages` (and Node.js built-ins) and project files under `allowedDirs`.
   */
  readonly closures: readonly { readonly name: string; readonly from: readonly string[]; readonly allowedPackages: readonly string[]; readonly allowedDirs: readonly string[] }[];
  /** Direct imports: files under `dir` may not import project files under any of `forbiddenDirs`. */
  readonly direct: readonly { readonly name: string; readonly files: readonly string[]; readonly forbiddenDirs: readonly string[] }[];
}

const under = (file: string, dirs: readonly string[]) => dirs.some((d) => file === d || file.startsWith(`${d}/`));

/** Every violation of `rules` in the project at `root`. */
export function layerViolations(root: string, rules: LayerRules): LayerViolation[] {
  const cache = new Map<string, ImportTarget[]>();
  const imports = (file: string) => {
    if (!cache.has(file)) cache.set(file, importsOf(root, file));
    return cache.get(file)!;
  };
  const out: LayerViolation[] = [];
  for (const rule of rules.closures) {
    // Breadth-first from every start file; each file is visited once, with the shortest chain to it.
    const chains = new Map<string, string[]>();
    const queue: string[] = [];
    for (const f of rule.from) { chains.set(f, [f]); queue.push(f); }
    while (queue.length > 0) {
      const file = queue.shift()!;
      const chain = chains.get(file)!;
      for (const target of imports(file)) {
        if ('pkg' in target) {
          if (!isBuiltin(target.pkg) && !rule.allowedPackages.includes(target.pkg)) out.push({ rule: rule.name, chain, target: target.pkg });
          continue;
        }
        if (!under(target.file, rule.allowedDirs)) {
          out.push({ rule: rule.name, chain, target: target.file });
          continue;
        }
        if (!chains.has(target.file)) { chains.set(target.file, [...chain, target.file]); queue.push(target.file); }
      }
    }
  }
  for (const rule of rules.direct) {
    for (const file of rule.files) {
      for (const target of imports(file)) {
        if ('file' in target && under(target.file, rule.forbiddenDirs)) out.push({ rule: rule.name, chain: [file], target: target.file });
      }
    }
  }
  return out;
}

/** `charts/a.ts → lib/b.ts → aws-cdk-lib` */
export function formatViolation(v: LayerViolation): string {
  return `${v.rule}: ${[...v.chain, v.target].join(' → ')}`;
}
