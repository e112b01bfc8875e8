// A throw-away PostgreSQL cluster for the tests: initdb into a temporary directory, pg_ctl on a free port of
// 127.0.0.1, and stop() that kills it and removes every file. Debian's postgresql-<v> and postgresql-<v>-postgis-3.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The system user the cluster runs as when the tests run as root: initdb and postgres refuse root. */
export const PG_USER = 'edigit-pg';

/**
 * The bin directory of the newest PostgreSQL that has initdb, pg_ctl and the PostGIS extension, or null.
 * The roots are parameters only for the tests of this function.
 */
export function findPgBin(root = '/usr/lib/postgresql', share = '/usr/share/postgresql'): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    const complete = ['initdb', 'pg_ctl'].every((exe) => existsSync(join(bin, exe)));
    if (complete && existsSync(join(share, v, 'extension', 'postgis.control'))) return bin;
  }
  return null;
}

export interface Cluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust authentication. */
  url: string;
  /** The temporary directory: data/, the socket and postgres.log. Gone after stop(). */
  dir: string;
  /** Immediate shutdown, then the directory is removed. A second call does nothing. */
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago: the kernel's pick for port 0 on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error(`freePort: unexpected address ${String(address)}`));
      });
    });
  });
}

const asRoot = () => process.getuid?.() === 0;

/** The last lines of postgres.log, for the error that explains why the cluster did not start. */
function logTail(log: string, lines = 30): string {
  if (!existsSync(log)) return '(no postgres.log)';
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

interface ExecError {
  status?: number | null;
  stdout?: string;
  stderr?: string;
  message: string;
}

/** Runs a PostgreSQL program, as PG_USER when root; a failure throws with its output and the log's tail. */
function pgRun(bin: string, exe: string, args: string[], cwd: string, log?: string): string {
  const [file, argv] = asRoot() ? ['runuser', ['-u', PG_USER, '--', join(bin, exe), ...args]] : [join(bin, exe), args];
  try {
    return execFileSync(file, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const err = e as ExecError;
    const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || err.message;
    const tail = log ? `\n--- last lines of ${log} ---\n${logTail(log)}` : '';
    throw new Error(`${exe} ${args[0] ?? ''} failed (exit ${err.status ?? '?'}): ${output}${tail}`);
  }
}

/** As root, the dedicated system user, created the first time (`useradd --system`, no home, no shell). */
function ensurePgUser(): { uid: number; gid: number } {
  const ids = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = ids();
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], {
      stdio: 'pipe',
    });
  } catch (e) {
    // Another test run may have created it meanwhile: only a user still missing is an error.
    const raced = ids();
    if (raced) return raced;
    throw new Error(`useradd ${PG_USER} failed: ${(e as ExecError).stderr ?? (e as Error).message}`);
  }
  const created = ids();
  if (!created) throw new Error(`useradd ${PG_USER} succeeded but id ${PG_USER} does not find the user`);
  return created;
}

/** pg_ctl -o goes through /bin/sh: every value single-quoted. */
const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Starts a fresh cluster: initdb (trust, user postgres, UTF8, locale C.UTF-8) into a temporary directory, then
 * pg_ctl -w on a free port of 127.0.0.1. Durability is off (fsync, synchronous_commit, full_page_writes): the
 * cluster lives as long as the test run.
 */
export async function startCluster(bin = findPgBin()): Promise<Cluster> {
  if (!bin) throw new Error('startCluster: no PostgreSQL with PostGIS under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'edigit-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  let stopped = false;

  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopNow);
    const pidFile = join(data, 'postmaster.pid');
    let failure: unknown = null;
    try {
      if (existsSync(pidFile)) pgRun(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'], dir, log);
    } catch (e) {
      failure = e;
      // pg_ctl could not stop it: SIGQUIT is the immediate shutdown pg_ctl would have sent.
      try {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // no pid file or no such process: nothing left to stop
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (failure) throw failure;
  };

  try {
    if (asRoot()) {
      const { uid, gid } = ensurePgUser();
      chownSync(dir, uid, gid);
    }
    pgRun(
      bin,
      'initdb',
      ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'],
      dir,
    );
    // The port is free when asked, not necessarily when postgres binds it: another try on a new port.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        ['-p', String(port)],
        ['-k', dir],
        ['-c', 'listen_addresses=127.0.0.1'],
        ['-c', 'fsync=off'],
        ['-c', 'synchronous_commit=off'],
        ['-c', 'full_page_writes=off'],
      ]
        .map(([flag, value]) => `${flag} ${shellQuote(value!)}`)
        .join(' ');
      try {
        pgRun(bin, 'pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options], dir, log);
        process.on('exit', stopNow); // a run that exits without its teardown still leaves no postgres behind
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          dir,
          stop: async () => stopNow(),
        };
      } catch (e) {
        if (attempt >= 3 || !/could not bind|Address already in use/.test(logTail(log))) throw e;
      }
    }
  } catch (e) {
    try {
      stopNow();
    } catch {
      // the start's error is the one worth reporting
    }
    throw e;
  }
}
