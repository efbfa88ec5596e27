/**
 * `npm run fuzz`: schemathesis (PyPI, pinned, in .tools/venv) against a freshly started `npm start` stack, to keep
 * the OpenAPI document the exact contract. Every check runs (`--checks all`): responses and statuses conform to the
 * document, what the document calls valid is accepted and what it calls invalid is refused, no 5xx, undeclared
 * methods answer 405 with Allow, protected operations refuse a missing or bad token.
 *
 * One pass per demo role (organizer, sponsor admin, platform admin), each with its own bearer token, then a pass on
 * logout alone (it revokes the token the other passes need). Webhook operations are excluded: a registered target
 * would make the server call out of this machine. The Stripe webhook is excluded too: only a body signed with the
 * webhook secret is accepted, which no generated example is (its tests sign their events). WEBHOOK_ALLOW_PRIVATE_TARGETS stays off.
 *
 *   npm run fuzz [-- --max-examples N] [-- --seed N]
 * Reports (JUnit, HAR) go to scratch/fuzz/<pass>/. Exits non-zero on any failure.
 *
 * A focused run on a few operations (to see what they answer to generated bodies without a full run):
 *   npm run fuzz -- --pass organizer --pass sponsor --operation 'POST /api/v1/programs' --mode positive
 * --pass picks role passes by name; each --operation names one (schemathesis's --include-name: schemathesis joins its
 * inclusions with OR, so a path regex and a method would select every operation with either); --mode positive
 * generates only schema-valid data. The summary then also counts the answers per operation and status (HAR report).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { textPattern } from '../src/domain/text.js';
import { launch, launcherEnv, PROJECT_ROOT } from '../test/helpers/launcher.js';

const SCHEMATHESIS_VERSION = '4.32.5';
/** Pinned with it so that a run draws the same cases next month (pip would otherwise take the newest). */
const HYPOTHESIS_VERSION = '6.170.17';
const VENV = path.join(PROJECT_ROOT, '.tools', 'venv');
const BIN = path.join(VENV, 'bin', 'schemathesis');
const PASSWORD = 'commdesk-demo';

const { values: opts } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '20' },
    seed: { type: 'string', default: '20261126' },
    'max-time': { type: 'string', default: '300' },
    pass: { type: 'string', multiple: true },
    operation: { type: 'string', multiple: true },
    mode: { type: 'string', default: 'all' },
  },
});

/** The operations of a focused run, added to every pass's own filter (its exclusions still apply). */
const focus = (opts.operation ?? []).flatMap((name) => ['--include-name', name]);

function ensureSchemathesis() {
  const version = existsSync(BIN) ? spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout : '';
  const python = path.join(VENV, 'bin', 'python');
  const hypothesis = existsSync(python)
    ? spawnSync(python, ['-c', 'import hypothesis; print(hypothesis.__version__)'], { encoding: 'utf8' })
        .stdout
    : '';
  if (version.includes(SCHEMATHESIS_VERSION) && hypothesis.trim() === HYPOTHESIS_VERSION) return;
  console.log(
    `fuzz: installing schemathesis ${SCHEMATHESIS_VERSION} (hypothesis ${HYPOTHESIS_VERSION}) into ${path.relative(PROJECT_ROOT, VENV)}`,
  );
  if (!existsSync(path.join(VENV, 'bin', 'python'))) {
    const made = spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    if (made.status !== 0)
      throw new Error('fuzz: python3 -m venv failed (Debian: apt-get install python3-venv)');
  }
  const pip = spawnSync(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`, `hypothesis==${HYPOTHESIS_VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  if (pip.status !== 0) throw new Error(`fuzz: pip install schemathesis==${SCHEMATHESIS_VERSION} failed`);
}

async function login(apiUrl: string, email: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`fuzz: login as ${email} answered ${res.status}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
}

type TPass = { name: string; token: string; filter: string[] };

/**
 * The served document with one change for the generator's sake: the text classes, written as positive classes that
 * include the astral planes (so that Rust and Python engines can compile them, see textPattern), become the same set
 * as a negated class over Unicode scalar values, which hypothesis draws from some 30 times faster. Nothing else in
 * the document is touched, and the server still validates with its own rules.
 */
async function documentForFuzzing(apiUrl: string): Promise<string> {
  const res = await fetch(`${apiUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`fuzz: GET /openapi.json answered ${res.status}`);
  const classOf = (pattern: string) => pattern.slice(1, -2); // ^[...]*$ -> [...]
  const equivalents: [string, string][] = [
    [
      classOf(textPattern({ multiline: true })),
      '[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]',
    ],
    [classOf(textPattern({})), '[^\\u0000-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]'],
  ];
  let text = JSON.stringify(await res.json());
  for (const [served, equivalent] of equivalents) {
    const escaped = JSON.stringify(served).slice(1, -1);
    if (!text.includes(escaped)) throw new Error(`fuzz: the document has no text class ${served}`);
    text = text.split(escaped).join(JSON.stringify(equivalent).slice(1, -1));
  }
  const file = path.join(PROJECT_ROOT, 'scratch', 'fuzz', 'openapi.json');
  await writeFile(file, text);
  return file;
}

function runSchemathesis(apiUrl: string, schemaFile: string, pass: TPass): Promise<number> {
  const reportDir = path.join(PROJECT_ROOT, 'scratch', 'fuzz', pass.name);
  const args = [
    '--config-file',
    path.join(PROJECT_ROOT, 'scripts', 'schemathesis.toml'),
    'run',
    schemaFile,
    '--url',
    apiUrl,
    '--checks',
    'all',
    '--seed',
    opts.seed!,
    '--generation-database',
    'none',
    '--max-examples',
    opts['max-examples']!,
    '--max-time',
    opts['max-time']!,
    '--request-timeout',
    '30',
    // One worker: schemathesis' workers are threads, and on CPython 3.11 two threads building ASTs at once (hypothesis
    // parses lambdas to rewrite filters and describe strategies) can corrupt the interpreter's shared AST recursion
    // counter: `SystemError: AST constructor recursion depth mismatch` (python/cpython#106905), an error inside the
    // tool, not a finding. Every hypothesis version parses in the worker, so no pin avoids it; a single thread does.
    '--workers',
    '1',
    '--max-redirects',
    '0',
    // The machine is shared: a slow draw is not a finding.
    '--suppress-health-check',
    'too_slow',
    '--header',
    `Authorization: Bearer ${pass.token}`,
    '--mode',
    opts.mode!,
    '--report',
    'junit,har',
    '--report-dir',
    reportDir,
    '--no-color',
    ...pass.filter,
    ...focus,
  ];
  console.log(`\n== fuzz pass "${pass.name}"`);
  const child = spawn(BIN, args, { stdio: 'inherit', cwd: PROJECT_ROOT });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

/**
 * Schemathesis failure codes from a pass's JUnit report. ST1xx are the contract itself (a 5xx, a status, content
 * type, header or body the document does not declare): those must stay at zero. The others (a schema-valid request
 * refused by a rule the document can only state in prose, an undeclared method, ...) are reported.
 */
async function failureCodes(pass: string): Promise<Map<string, number>> {
  const dir = path.join(PROJECT_ROOT, 'scratch', 'fuzz', pass);
  const counts = new Map<string, number>();
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.xml'));
  for (const file of files) {
    const xml = await readFile(path.join(dir, file), 'utf8');
    for (const match of xml.matchAll(/<(failure|error)[^>]*message="([^"]*)"/g)) {
      // One test case may fail several checks: message="ST101, ST103".
      for (const code of match[1] === 'error' ? ['tool error'] : match[2]!.split(/,\s*/))
        counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  return counts;
}

type THar = {
  log: { entries: { request: { method: string; url: string }; response: { status: number } }[] };
};

/**
 * Answers per operation and status from a pass's HAR report, for a focused run: with `--mode positive` every
 * request was drawn from the schema, so a 400 or 422 there is a body the document calls valid and the API refuses
 * (a 422 being a documented rule the schema cannot state).
 * A request is counted under the path template that matches it with the fewest parameters (/sponsors/apply is not
 * /sponsors/{organizationId}).
 */
async function answersByOperation(
  pass: string,
  templates: string[],
): Promise<Map<string, Map<number, number>>> {
  const dir = path.join(PROJECT_ROOT, 'scratch', 'fuzz', pass);
  const matchers = templates
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const answers = new Map<string, Map<number, number>>();
  for (const file of (await readdir(dir).catch(() => [])).filter((f) => f.startsWith('har-'))) {
    const har = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as THar;
    for (const { request, response } of har.log.entries) {
      const url = new URL(request.url).pathname;
      const template = matchers.find((m) => m.regex.test(url))?.template ?? url;
      const key = `${request.method} ${template}`;
      const statuses = answers.get(key) ?? new Map<number, number>();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      answers.set(key, statuses);
    }
  }
  return answers;
}

ensureSchemathesis();
await rm(path.join(PROJECT_ROOT, 'scratch', 'fuzz'), { recursive: true, force: true });
await mkdir(path.join(PROJECT_ROOT, 'scratch', 'fuzz'), { recursive: true });

const env = await launcherEnv({ LOG_LEVEL: 'error', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
console.log(`fuzz: starting the stack (npm start) on port ${env.PORT}, data in ${env.DATA_DIR}`);
const stack = await launch(env);
const results: { name: string; code: number }[] = [];
let templates: string[] = [];
try {
  // Logged in before any pass: the fuzzer's wrong passwords soon throttle logins from this address.
  const tokens = {
    organizer: await login(stack.apiUrl, 'organizer@commdesk.local'),
    sponsor: await login(stack.apiUrl, 'sponsor@commdesk.local'),
    admin: await login(stack.apiUrl, 'admin@commdesk.local'),
    logout: await login(stack.apiUrl, 'partner@commdesk.local'),
  };
  // Logout revokes and refresh rotates the pass's own token: they get a pass of their own, last.
  // One regex: schemathesis keeps only the last of repeated --exclude-path-regex options.
  const everythingButLogout = [
    '--exclude-path-regex',
    '^/api/v1/(webhooks|stripe/webhook$|auth/(logout|refresh)$)',
  ];
  const passes: TPass[] = [
    { name: 'organizer', token: tokens.organizer, filter: everythingButLogout },
    { name: 'sponsor', token: tokens.sponsor, filter: everythingButLogout },
    { name: 'admin', token: tokens.admin, filter: everythingButLogout },
    {
      name: 'session',
      token: tokens.logout,
      filter: ['--include-path-regex', '^/api/v1/auth/(logout|refresh)$'],
    },
  ];
  const unknown = (opts.pass ?? []).filter((name) => !passes.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`fuzz: no pass named ${unknown.join(', ')}`);
  const chosen = opts.pass ? passes.filter((p) => opts.pass!.includes(p.name)) : passes;
  const schemaFile = await documentForFuzzing(stack.apiUrl);
  templates = Object.keys((JSON.parse(await readFile(schemaFile, 'utf8')) as { paths: object }).paths);
  for (const pass of chosen)
    results.push({ name: pass.name, code: await runSchemathesis(stack.apiUrl, schemaFile, pass) });
} finally {
  const code = await stack.interrupt();
  if (code !== 0)
    console.error(`fuzz: the stack exited with ${code} on Ctrl-C:\n${stack.output().slice(-4000)}`);
  await rm(env.DATA_DIR!, { recursive: true, force: true });
}

console.log('\n== fuzz summary (failures by schemathesis code; `st explain <code>` says what each means)');
let contractFailures = 0;
let toolErrors = 0;
for (const r of results) {
  const codes = await failureCodes(r.name);
  const contract = [...codes].filter(([code]) => code.startsWith('ST1'));
  contractFailures += contract.reduce((n, [, count]) => n + count, 0);
  toolErrors += codes.get('tool error') ?? 0;
  const list = [...codes].map(([code, count]) => `${code} x${count}`).join(', ') || 'none';
  console.log(`  ${r.name.padEnd(10)} exit ${r.code}; failures: ${list}`);
  if (focus.length === 0) continue;
  for (const [operation, statuses] of await answersByOperation(r.name, templates)) {
    const total = [...statuses.values()].reduce((n, count) => n + count, 0);
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status} x${count}`)
      .join(', ');
    console.log(`    ${operation}: ${total} requests (${byStatus})`);
  }
}
console.log(
  contractFailures === 0
    ? '  contract: clean (no 5xx, no undocumented status, content type, header or body)'
    : `  contract: ${contractFailures} failure(s) of the conformance checks or 5xx`,
);
console.log(
  `  reports: scratch/fuzz/<pass>/ (seed ${opts.seed}, at most ${opts['max-examples']} examples each)`,
);
// An error inside schemathesis leaves its operation untested: the run is not clean, though nothing was found.
if (toolErrors > 0) console.log(`  tool errors: ${toolErrors} (operations left untested; see the reports)`);
process.exit(contractFailures === 0 && toolErrors === 0 ? 0 : 1);
