// One runner for unit specs (next to the code) and e2e suites (test/). The e2e suites run on
// SQLite by default and on MariaDB/MySQL when TEST_DATABASE_URL is set.
const fs = require('node:fs');
const path = require('node:path');

// Names of ESM ("type": "module") packages anywhere under node_modules (nested copies too).
function esmPackages(dir = path.join(__dirname, 'node_modules'), found = new Set()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const names = entry.name.startsWith('@')
      ? fs.readdirSync(path.join(dir, entry.name)).map((n) => `${entry.name}/${n}`)
      : entry.name.startsWith('.') ? [] : [entry.name];
    for (const name of names) {
      const pkgDir = path.join(dir, name);
      try {
        if (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).type === 'module') found.add(name);
      } catch {
        /* not a package */
      }
      if (fs.existsSync(path.join(pkgDir, 'node_modules'))) esmPackages(path.join(pkgDir, 'node_modules'), found);
    }
  }
  return found;
}
const ESM = [...esmPackages()].map((n) => n.replace(/[.+]/g, '\\$&')).join('|');

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.js$': '<rootDir>/tools/jest/esm-to-cjs.js',
  },
  // Skip a node_modules file unless its innermost package is ESM.
  transformIgnorePatterns: [`/node_modules/(?!(?:${ESM})/)(?:@[^/]+/)?[^/]+/(?!.*/node_modules/)`],
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  testTimeout: 60000,
  maxWorkers: 2,
};
