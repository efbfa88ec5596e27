/**
 * `npm run fuzz`: schemathesis (PyPI, pinned, in .tools/venv) against a freshly started `npm start` stack, to keep
 * the OpenAPI document the exact contract. Every check runs (`--checks all`): responses and statuses conform to the
 * document, what the document calls valid is accepted and what it calls invalid is refused, no 5xx, undeclared
 * methods answer 405 with Allow, protected operations refuse a missing or bad token.
 *
 * One pass per demo role (organizer, sponsor admin, platform admin), each with its own bearer token, then a pass on
 * logout alone (it revokes the token the other passes need). Webhook operations are excluded: a registered target
 * would make the server call out of this machine. WEBHOOK_ALLOW_PRIVATE_TARGETS stays off.
 *
 *   npm run fuzz [-- --max-examples N] [-- --seed N]
 * Reports (JUnit, NDJSON) go to scratch/fuzz/<pass>/. Exits non-zero on any failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, launcherEnv, PROJECT_ROOT } from '../test/helpers/launcher.js';

const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(PROJECT_ROOT, '.tools', 'venv');
const BIN = path.join(VENV, 'bin', 'schemathesis');
const PASSWORD = 'commdesk-demo';

const { values: opts } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '25' },
    seed: { type: 'string', default: '20261126' },
    'max-time': { type: 'string', default: '240' },
  },
});

function ensureSchemathesis() {
  const version = existsSync(BIN) ? spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(SCHEMATHESIS_VERSION)) return;
  console.log(
    `fuzz: installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(PROJECT_ROOT, VENV)}`,
  );
  if (!existsSync(path.join(VENV, 'bin', 'python'))) {
    const made = spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    if (made.status !== 0)
      throw new Error('fuzz: python3 -m venv failed (Debian: apt-get install python3-venv)');
  }
  const pip = spawnSync(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`],
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

function runSchemathesis(apiUrl: string, pass: TPass): Promise<number> {
  const reportDir = path.join(PROJECT_ROOT, 'scratch', 'fuzz', pass.name);
  const args = [
    'run',
    `${apiUrl}/openapi.json`,
    '--checks',
    'all',
    '--seed',
    opts.seed!,
    '--generation-deterministic',
    '--generation-database',
    'none',
    '--max-examples',
    opts['max-examples']!,
    '--max-time',
    opts['max-time']!,
    '--request-timeout',
    '30',
    '--workers',
    '2',
    '--max-redirects',
    '0',
    '--header',
    `Authorization: Bearer ${pass.token}`,
    '--report',
    'junit,ndjson',
    '--report-dir',
    reportDir,
    '--no-color',
    ...pass.filter,
  ];
  console.log(`\n== fuzz pass "${pass.name}"`);
  const child = spawn(BIN, args, { stdio: 'inherit', cwd: PROJECT_ROOT });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

ensureSchemathesis();
await rm(path.join(PROJECT_ROOT, 'scratch', 'fuzz'), { recursive: true, force: true });
await mkdir(path.join(PROJECT_ROOT, 'scratch', 'fuzz'), { recursive: true });

const env = await launcherEnv({ LOG_LEVEL: 'error', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
console.log(`fuzz: starting the stack (npm start) on port ${env.PORT}, data in ${env.DATA_DIR}`);
const stack = await launch(env);
const results: { name: string; code: number }[] = [];
try {
  // Logged in before any pass: the fuzzer's wrong passwords soon throttle logins from this address.
  const tokens = {
    organizer: await login(stack.apiUrl, 'organizer@commdesk.local'),
    sponsor: await login(stack.apiUrl, 'sponsor@commdesk.local'),
    admin: await login(stack.apiUrl, 'admin@commdesk.local'),
    logout: await login(stack.apiUrl, 'partner@commdesk.local'),
  };
  const everythingButLogout = [
    '--exclude-path-regex',
    '^/api/v1/webhooks',
    '--exclude-path',
    '/api/v1/auth/logout',
  ];
  const passes: TPass[] = [
    { name: 'organizer', token: tokens.organizer, filter: everythingButLogout },
    { name: 'sponsor', token: tokens.sponsor, filter: everythingButLogout },
    { name: 'admin', token: tokens.admin, filter: everythingButLogout },
    { name: 'logout', token: tokens.logout, filter: ['--include-path', '/api/v1/auth/logout'] },
  ];
  for (const pass of passes)
    results.push({ name: pass.name, code: await runSchemathesis(stack.apiUrl, pass) });
} finally {
  const code = await stack.interrupt();
  if (code !== 0)
    console.error(`fuzz: the stack exited with ${code} on Ctrl-C:\n${stack.output().slice(-4000)}`);
  await rm(env.DATA_DIR!, { recursive: true, force: true });
}

console.log('\n== fuzz summary');
for (const r of results)
  console.log(`  ${r.name.padEnd(10)} ${r.code === 0 ? 'clean' : `FAILED (exit ${r.code})`}`);
console.log(
  `  reports: scratch/fuzz/<pass>/ (seed ${opts.seed}, at most ${opts['max-examples']} examples each)`,
);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
