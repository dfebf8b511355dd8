#!/usr/bin/env node
// Regenerates contracts/asyncapi.json from the event registry. Run through `npm run asyncapi -w
// @credit/contracts`, which compiles the package first; the drift test fails until the
// regenerated file is committed.
const { writeAsyncApiDocument, ASYNCAPI_DOCUMENT_PATH } = require('../dist');

const changed = writeAsyncApiDocument();
process.stdout.write(`${ASYNCAPI_DOCUMENT_PATH} ${changed ? 'updated' : 'already up to date'}\n`);
