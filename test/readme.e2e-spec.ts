import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { FakeClock, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

const ROOT = join(__dirname, '..');
const README = join(ROOT, 'README.md');
const SKIP = /<!-- readme-test: skip\b[^>]*-->\s*$/;

/**
 * The README's shell examples, in order, as one script (see README "How the examples are
 * tested"): every ```sh block that contains `curl`, unless the line before its fence is
 * `<!-- readme-test: skip … -->`. A comment `# → [status] expected` after a command is turned
 * into a check of that command's answer: the status (when given) and every part of the expected
 * text between `…` must be in the answer (whitespace ignored).
 */
export function readmeScript(markdown: string): { script: string; blocks: number; checks: number } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let blocks = 0;
  let checks = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    const skipped = i > 0 && SKIP.test(lines[i - 1]);
    if (!skipped && body.some((line) => /\bcurl\b/.test(line))) {
      blocks++;
      out.push(`__block ${i + 2}`);
      for (let j = 0; j < body.length; j++) {
        const expected = /^\s*# → (.*)$/.exec(body[j]);
        if (!expected) {
          out.push(body[j]);
          continue;
        }
        let text = expected[1];
        while (j + 1 < body.length && /^\s*#\s{2,}\S/.test(body[j + 1])) text += ` ${body[++j].replace(/^\s*#/, '')}`;
        checks++;
        out.push(`__expect ${i + 2 + j} ${shellQuote(text.replace(/\s+\(.*\)\s*$/, ''))}`);
      }
    }
    i = end;
  }
  return { script: out.join('\n'), blocks, checks };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Runs before the README's examples: strict mode, a curl that keeps each answer, the checks. */
const PRELUDE = readFileSync(join(__dirname, 'support', 'readme-prelude.sh'), 'utf8');

/**
 * The push walk-through runs `node dist/scripts/device.js`, which exists after `npm start` or
 * `npm run build` but not in a fresh clone: when it is missing or older than scripts/device.ts,
 * that one file is transpiled (CommonJS, the compiler options of tsconfig.json) to its place. It
 * imports only jose and node built-ins, so nothing else of dist/ is needed.
 */
export function ensureDeviceScript(root = ROOT): string {
  const source = join(root, 'scripts', 'device.ts');
  const target = join(root, 'dist', 'scripts', 'device.js');
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return target;
  const tsconfig = ts.readConfigFile(join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.convertCompilerOptionsFromJson(tsconfig.config.compilerOptions, root);
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    fileName: source,
    compilerOptions: { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: false },
  });
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.tmp`;
  writeFileSync(partial, outputText);
  renameSync(partial, target);
  return target;
}

/** Real time, as under `npm start`: oathtool's TOTP codes and resend spacing follow the wall clock. */
class WallClock extends FakeClock {
  override now(): Date {
    return new Date();
  }
}

function run(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('README examples', () => {
  let t: TestApp;
  let dir: string;
  const secret = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-readme-'));
    t = await startApiServer({
      clock: new WallClock(),
      env: { BOOTSTRAP_CLIENT_ID: 'bootstrap', BOOTSTRAP_CLIENT_SECRET: secret },
    });
    ensureDeviceScript();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the examples and their documented answers', () => {
    const { blocks, checks } = readmeScript(readFileSync(README, 'utf8'));
    expect(blocks).toBeGreaterThanOrEqual(15);
    expect(checks).toBeGreaterThanOrEqual(85);
  });

  it('runs every example as pasted after the quick start and gets the documented answers', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const { script } = readmeScript(readFileSync(README, 'utf8'));
    const result = await run(`${PRELUDE}\n${script}`, {
      __out: dir,
      API: `http://127.0.0.1:${port}`,
      ADMIN: `bootstrap:${secret}`,
      HOME: dir,
      // The device script's key, token and OCRA secret (README: ./device-state.json by default).
      DEVICE_STATE: join(dir, 'device-state.json'),
      __support: join(__dirname, 'support'),
    });
    expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});
