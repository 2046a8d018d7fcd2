'use strict';
/**
 * The project's TypeScript loader for its own entry points (`node -r ./scripts/register.js x.ts`:
 * cdk.json, cdk8s.yaml, the bench scripts). It does what `ts-node/register` with SWC did, faster:
 *  - transpiles `.ts` with SWC (no type-check: `npm run typecheck` does that) and keeps each
 *    result under node_modules/.cache/cdk-payment-platform/ts, keyed by the source's hash, so an
 *    unchanged file is never transpiled twice;
 *  - keeps V8's compiled code of every loaded module (aws-cdk-lib's generated classes are most
 *    of the load time) in node_modules/.cache/cdk-payment-platform/v8: Node's compile cache on
 *    Node >= 22.1, v8-compile-cache-lib before that.
 * Set CDK_PAYMENT_PLATFORM_NO_CACHE=1 to bypass both caches.
 * Stack traces point into the transpiled code; add --enable-source-maps to map them to TypeScript.
 */
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cacheRoot = path.join(root, 'node_modules', '.cache', 'cdk-payment-platform');
const useCache = !process.env.CDK_PAYMENT_PLATFORM_NO_CACHE;

if (useCache) {
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(path.join(cacheRoot, 'v8'));
  else require('v8-compile-cache-lib').install({ cacheDir: path.join(cacheRoot, 'v8'), prefix: 'app' });
}

const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};
let swc;
let swcVersion;
const transpile = (source, filename) => {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...SWC_OPTIONS, filename }).code;
};

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  if (!useCache) return module._compile(transpile(source, filename), filename);
  swcVersion ??= require('@swc/core/package.json').version;
  const key = crypto.createHash('sha256').update(`${swcVersion}\0${JSON.stringify(SWC_OPTIONS)}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheRoot, 'ts', `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  return module._compile(code, filename);
};
