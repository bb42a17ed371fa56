// Lints the API contracts: docs/openapi.yaml with Redocly CLI (ruleset: redocly.yaml) and docs/asyncapi.yaml with
// the AsyncAPI parser. Exits non-zero on any error, so the Maven build that runs it fails.
//
//   node contracts-lint/lint.mjs [openapi.yaml] [asyncapi.yaml]
//
// The tools are the exact versions of package-lock.json, installed here by node-tools/npm-ci.mjs whenever node_modules
// does not match the lock file, and run without npx.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installLocked } from '../node-tools/npm-ci.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, '..', 'docs');
const openapi = resolve(process.argv[2] ?? join(docs, 'openapi.yaml'));
const asyncapi = resolve(process.argv[3] ?? join(docs, 'asyncapi.yaml'));

installLocked(here, 'contracts-lint: npm ci failed; skip the lint with -Dcontracts.lint.skip=true if npm is unavailable');
const failures = [lintOpenApi(openapi), await validateAsyncApi(asyncapi)].filter(Boolean);
if (failures.length > 0) {
  console.error(`contracts-lint: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`contracts-lint: ${openapi} and ${asyncapi} are valid`);


function lintOpenApi(file) {
  const cli = join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const lint = spawnSync(process.execPath, [cli, 'lint', file, '--config', join(here, 'redocly.yaml'), '--format=stylish'], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  return lint.status === 0 ? null : `${file} breaks the rules of redocly.yaml`;
}

async function validateAsyncApi(file) {
  const { Parser, fromFile } = await import('@asyncapi/parser');
  const { default: Ajv } = await import('ajv');
  const { document, diagnostics } = await fromFile(new Parser(), file).parse();
  // severities as Spectral numbers them: 0 error, 1 warning, 2 information, 3 hint
  const names = ['error', 'warning', 'information', 'hint'];
  for (const d of diagnostics) {
    const line = d.range?.start?.line === undefined ? '' : `:${d.range.start.line + 1}`;
    console.log(`${file}${line}  ${names[d.severity] ?? d.severity}  ${d.code}  ${d.message}  (${d.path.join('.')})`);
  }
  const errors = diagnostics.filter((d) => d.severity === 0).length;
  if (document === undefined || errors > 0) {
    return `${file} is not a valid AsyncAPI document (${errors} errors)`;
  }
  const wrongExamples = checkExamples(document, file, new Ajv({ allErrors: true, strict: false, validateFormats: false }));
  if (wrongExamples > 0) {
    return `${file} has ${wrongExamples} message examples that do not match their schemas`;
  }
  console.log(`${file}: AsyncAPI ${document.version()}, ${document.channels().length} channels, valid`);
  return null;
}

// The parser checks the document's structure, not that an example fits its message: an example whose fields
// drifted from the schema would pass unnoticed.
function checkExamples(document, file, ajv) {
  let wrong = 0;
  for (const message of document.allMessages()) {
    for (const example of message.examples()) {
      const parts = [
        ['payload', message.payload(), example.payload()],
        ['headers', message.headers(), example.headers()],
      ];
      for (const [part, schema, value] of parts) {
        if (schema === undefined || value === undefined) {
          continue;
        }
        const validate = ajv.compile(schema.json());
        if (!validate(value)) {
          wrong++;
          const where = `${message.id()} example ${example.name() ?? ''} ${part}`;
          for (const e of validate.errors) {
            console.log(`${file}  error  message-example  ${where}: ${e.instancePath || '/'} ${e.message}`);
          }
        }
      }
    }
  }
  return wrong;
}
