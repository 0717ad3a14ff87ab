import { chmodSync, writeFileSync } from 'node:fs';

/**
 * Hands the generated bootstrap secret to the operator once: to BOOTSTRAP_SECRET_FILE (mode 0600)
 * when set, else as a framed block on stderr. Never through the logger, so it is not kept in log
 * storage with the rest of stdout. Returns what it printed (tests read it).
 */
export function announceBootstrapSecret(
  clientId: string,
  secret: string,
  file: string | undefined,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): string {
  const lines = [`stepwise: created API client "${clientId}" with every scope.`];
  if (file) {
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // mode applies only to a new file
    lines.push(`Its secret was written to ${file} (mode 0600); it is not shown anywhere else.`);
  } else {
    lines.push('Its secret (shown only now; keep it in your secret store):', '', `    ${secret}`, '');
  }
  lines.push('Lost it? README, "Recovering a lost bootstrap secret".');
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  const block = ['', rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n');
  stderr.write(`${block}\n`);
  return block;
}
