/**
 * Starts a real PostgreSQL 15 (Debian's `postgresql` package) in a temporary folder on a free
 * port, with its unix socket in that folder too, and stops it on demand. `initdb` refuses to
 * run as root, so as root both run as the `postgres` user the package creates, on a folder
 * chowned to it. Missing binaries fail with a sentence saying what to install; nothing skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** PG_BIN, else Debian's PostgreSQL 15 (bookworm), else the newest one installed. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(`${root}/15/bin/initdb`)) return `${root}/15/bin`;
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return `${root}/${newest ?? '15'}/bin`;
}
const BIN = binDir();

export type PostgresServer = { url: string; port: number; stop(): void };

export async function startPostgres(): Promise<PostgresServer> {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(path.join(BIN, tool))) {
      throw new Error(
        `PostgreSQL 15 is needed for the receiver's tests but ${BIN}/${tool} is missing: ` +
          'run `bash native/setup.sh test` (or `apt-get install postgresql`).',
      );
    }
  }
  const asRoot = process.getuid?.() === 0;
  // The postgres user must reach the folder: a root-only TMPDIR (under /root) would not do.
  const root = mkdtempSync(path.join(asRoot ? '/tmp' : tmpdir(), 'receiver-pg-'));
  const run = (tool: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : path.join(BIN, tool);
    const full = asRoot ? ['-u', 'postgres', '--', path.join(BIN, tool), ...args] : args;
    const result = spawnSync(cmd, full, { encoding: 'utf8', cwd: root });
    if (result.status !== 0) {
      throw new Error(`${tool} failed: ${(result.stderr || result.stdout || '').trim()}`);
    }
  };
  if (asRoot) execFileSync('chown', ['postgres:', root]);
  const data = path.join(root, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  writeFileSync(
    path.join(data, 'postgresql.auto.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${root}'`,
      'max_connections = 400',
      'fsync = off',
      'synchronous_commit = off',
      '',
    ].join('\n'),
  );
  if (asRoot) execFileSync('chown', ['postgres:', path.join(data, 'postgresql.auto.conf')]);
  run('pg_ctl', ['-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
