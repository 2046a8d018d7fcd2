'use strict';
/**
 * The project's TypeScript loader for its own entry points (`node -r ./scripts/register.js x.ts`:
 * cdk.json, cdk8s.yaml, the bench scripts). It does what `ts-node/register` with SWC did, faster:
 *  - transpiles `.ts` with SWC (no type-check: `npm run typecheck` does that) and keeps each
 *    result under node_modules/.cache/cdk-payment-platform/ts, keyed by the source's hash, so an
 *    unchanged file is never transpiled twice;
 *  - keeps V8's compiled code of every loaded module (aws-cdk-lib's generated classes are most
 *    of the load time) under node_modules/.cache/cdk-payment-platform/: Node's compile cache on
 *    Node >= 22.1 (v8/), one cache file per module before that (v8-modules/, installCodeCache).
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

/**
 * V8's compiled code, one file per module (Node < 22.1; Node's own compile cache is the same idea).
 * Each module's cache is read just before it compiles and dropped after, so none of it stays in
 * memory (v8-compile-cache-lib keeps one blob of every module's code, ~35 MB, for the whole run).
 * A module compiled without a usable cache is written back at exit, after the run, so the cache
 * also holds the functions the run compiled lazily, not only the top-level code.
 */
function installCodeCache(dir) {
  const vm = require('vm');
  const importModuleDynamically = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  // V8 rejects code cached under other flags (`cdk synth` runs with --no-turbo-escape, `cdk8s synth`
  // without): each flag set keeps its own entries, so alternating commands never recompile and
  // rewrite each other's. Profiler output paths are not flags that change the code.
  const flags = process.execArgv.filter((a) => !/^--(cpu|heap)-prof/.test(a)).join(' ');
  const fresh = [];
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    const mod = this;
    // A shebang is valid only at the very start of a script; blank it (same length) inside the wrapper.
    const body = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const file = path.join(dir, crypto.createHash('sha1').update(flags).update('\0').update(filename).update('\0').update(body).digest('hex'));
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(body), { filename, cachedData, importModuleDynamically });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push([file, script]);
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (fresh.length === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const [file, script] of fresh) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
      }
    } catch {
      // A cache that cannot be written only costs the next run its compile time.
    }
  });
}

if (useCache) {
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(path.join(cacheRoot, 'v8'));
  else installCodeCache(path.join(cacheRoot, 'v8-modules'));
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
