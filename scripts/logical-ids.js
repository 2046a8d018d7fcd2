#!/usr/bin/env node
// Lists every resource logical id (with its type) of every template in a cloud assembly, one line
// each, sorted: `node scripts/logical-ids.js [cdk.out] > ids.txt`, then diff two such lists to
// check that a refactor replaced nothing (a changed logical id is a replaced resource).
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || 'cdk.out';
const lines = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort()) {
  const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const stack = file.replace(/\.template\.json$/, '');
  for (const [id, resource] of Object.entries(template.Resources || {})) {
    lines.push(`${stack} ${id} ${resource.Type}`);
  }
}
process.stdout.write(lines.sort().join('\n') + '\n');
