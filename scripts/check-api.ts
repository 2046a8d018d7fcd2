/**
 * Public API hygiene check. Walks everything the package entry points export (lib/index.ts and
 * charts/index.ts, the `.` and `./charts` subpaths of the package) and reports:
 *
 * - `mutable`: interface properties without `readonly`, and public class fields without `readonly`;
 * - `no-default`: optional interface properties whose doc comment has no `@default`;
 * - `any`: `any` written in an exported declaration;
 * - `undocumented`: exported classes, interfaces and functions without a doc comment.
 *
 *   npm run check-api              # print the findings, exit 0
 *   npm run check-api -- --strict  # exit 1 when there is any finding
 *   npm run check-api -- --json    # machine-readable (`listExports` in the public-API test reads it)
 */
import * as path from 'path';
import * as ts from 'typescript';

export const ENTRY_POINTS = ['lib/index.ts', 'charts/index.ts'];

export interface ApiFinding {
  readonly kind: 'mutable' | 'no-default' | 'any' | 'undocumented';
  readonly file: string;
  readonly line: number;
  readonly name: string;
}

export interface ApiReport {
  /** Exported names per entry point. */
  readonly exports: Record<string, string[]>;
  readonly findings: ApiFinding[];
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function jsDocTags(node: ts.Node): string[] {
  return ts.getJSDocTags(node).map((t) => t.tagName.text);
}

function hasDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).length > 0;
}

function containsAny(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.AnyKeyword) found = true;
    if (!found) ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Analyses the entry points of the project rooted at `root`. */
export function checkApi(root: string): ApiReport {
  const configPath = path.join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options = parsed?.options ?? { strict: true };
  const entries = ENTRY_POINTS.map((e) => path.join(root, e));
  const program = ts.createProgram(entries, options);
  const checker = program.getTypeChecker();
  const findings: ApiFinding[] = [];
  const exports: Record<string, string[]> = {};
  const seen = new Set<ts.Node>();

  const add = (kind: ApiFinding['kind'], node: ts.Node, name: string): void => {
    const sf = node.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    findings.push({ kind, file: path.relative(root, sf.fileName), line, name });
  };

  const checkMembers = (owner: string, members: ts.NodeArray<ts.TypeElement> | ts.NodeArray<ts.ClassElement>, isClass: boolean): void => {
    for (const m of members) {
      const memberName = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : '?';
      const full = `${owner}.${memberName}`;
      if (isClass) {
        if (!ts.isPropertyDeclaration(m)) continue;
        if (hasModifier(m, ts.SyntaxKind.PrivateKeyword) || hasModifier(m, ts.SyntaxKind.ProtectedKeyword)) continue;
        if (m.name && ts.isPrivateIdentifier(m.name)) continue;
        if (!hasModifier(m, ts.SyntaxKind.ReadonlyKeyword)) add('mutable', m, full);
        if (m.type && containsAny(m.type)) add('any', m, full);
        continue;
      }
      if (!ts.isPropertySignature(m)) continue;
      if (!hasModifier(m, ts.SyntaxKind.ReadonlyKeyword)) add('mutable', m, full);
      if (m.questionToken && !jsDocTags(m).includes('default')) add('no-default', m, full);
      if (m.type && containsAny(m.type)) add('any', m, full);
    }
  };

  const checkDeclaration = (decl: ts.Declaration, name: string): void => {
    if (seen.has(decl)) return;
    seen.add(decl);
    const sf = decl.getSourceFile();
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || sf.fileName.includes('/charts/imports/')) return;
    if (ts.isInterfaceDeclaration(decl)) {
      if (!hasDoc(decl)) add('undocumented', decl, name);
      checkMembers(name, decl.members, false);
      // Members inherited from interfaces the entry points do not export are public too.
      for (const clause of decl.heritageClauses ?? []) {
        for (const t of clause.types) {
          const base = checker.getSymbolAtLocation(t.expression);
          const target = base && base.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(base) : base;
          for (const d of target?.declarations ?? []) checkDeclaration(d, target!.name);
        }
      }
    } else if (ts.isClassDeclaration(decl)) {
      if (!hasDoc(decl)) add('undocumented', decl, name);
      checkMembers(name, decl.members, true);
      for (const m of decl.members) {
        if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m)) && !hasModifier(m, ts.SyntaxKind.PrivateKeyword)
          && m.parameters.some((p) => p.type && containsAny(p.type))) add('any', m, `${name}.${m.name && ts.isIdentifier(m.name) ? m.name.text : 'constructor'}`);
      }
    } else if (ts.isFunctionDeclaration(decl)) {
      if (!hasDoc(decl)) add('undocumented', decl, name);
      if (decl.parameters.some((p) => p.type && containsAny(p.type)) || (decl.type && containsAny(decl.type))) add('any', decl, name);
    } else if (ts.isTypeAliasDeclaration(decl)) {
      if (containsAny(decl.type)) add('any', decl, name);
      if (ts.isTypeLiteralNode(decl.type)) checkMembers(name, decl.type.members, false);
    }
  };

  for (const entry of entries) {
    const sf = program.getSourceFile(entry);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    const names: string[] = [];
    for (const sym of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      names.push(sym.name);
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      for (const decl of target.declarations ?? []) checkDeclaration(decl, sym.name);
    }
    exports[path.relative(root, entry)] = names.sort();
  }
  return { exports, findings };
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const report = checkApi(root);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const [entry, names] of Object.entries(report.exports)) console.log(`${entry}: ${names.length} exports`);
    const byKind = new Map<string, ApiFinding[]>();
    for (const f of report.findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    for (const [kind, list] of byKind) {
      console.log(`\n${kind} (${list.length})`);
      for (const f of list) console.log(`  ${f.file}:${f.line}  ${f.name}`);
    }
    if (report.findings.length === 0) console.log('no findings');
  }
  if (process.argv.includes('--strict') && report.findings.length > 0) process.exit(1);
}
