// Lets a child process run the TypeScript sources as jest does (SWC, @credit/* mapped to sources),
// so the process-level tests need no prior build.
const Module = require('node:module');
const path = require('node:path');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const preset = require(path.join(root, 'jest.preset.js'))(__dirname);
const mappings = Object.entries(preset.moduleNameMapper).map(([pattern, target]) => [new RegExp(pattern), target]);
const swcOptions = preset.transform['^.+\\.ts$'][1];

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of mappings) {
    if (pattern.test(request)) return resolveFilename.call(this, target, ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

addHook((code, filename) => transformSync(code, { ...swcOptions, filename }).code, { exts: ['.ts'], ignoreNodeModules: true });
