/// A throwaway PostgreSQL server for a run: `initdb` in a temp dir, the server on a free loopback port (its socket in
/// the same dir), one database, and `stop()` that ends the server by its PID and removes the dir. Never the system's
/// cluster. Run as root, the server and `initdb` run as the `postgres` user (PostgreSQL refuses root), through
/// Node's `uid`/`gid` spawn options, so that the PID kept here is the server itself.
///
/// The binaries: $PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout), else `initdb` on PATH.
///
/// This file only depends on Node's built-in modules.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./nodes.js";

/// Environment variable that names the directory of initdb, postgres and createdb.
export const PG_BIN_ENV = "PG_BIN";

export interface Postgres {
  /// `postgresql://postgres@127.0.0.1:<port>/<database>`
  url: string;
  port: number;
  pid: number;
  /// The temp dir: data, socket and log.
  dir: string;
  logFile: string;
  /// Fast shutdown (SIGINT), SIGKILL after `graceMs`; then removes the dir.
  stop(graceMs?: number): Promise<void>;
  /// Immediate shutdown without waiting, and removes the dir (for `exit` and signal handlers).
  stopSync(): void;
}

/// The directory of the PostgreSQL server binaries, or throws one line saying how to get them.
export function postgresBinaries(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[PG_BIN_ENV]?.trim();
  if (fromEnv) {
    if (!existsSync(path.join(fromEnv, "initdb"))) throw new Error(`${PG_BIN_ENV}=${fromEnv} has no initdb`);
    return fromEnv;
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(path.join(debian, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return path.join(debian, versions[0], "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const onPath = which.status === 0 ? which.stdout.trim() : "";
  if (onPath !== "") return path.dirname(onPath);
  throw new Error(
    `no PostgreSQL server binaries (initdb): install postgresql (apt-get install -y postgresql) or set ${PG_BIN_ENV}`,
  );
}

/// The uid and gid to run the server as: ours, unless we are root, then the `postgres` user's.
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid === undefined || process.getuid() !== 0) return undefined;
  const id = (flag: string): number => {
    try {
      return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    } catch {
      throw new Error("PostgreSQL refuses to run as root, and there is no postgres user to run it as");
    }
  };
  return { uid: id("-u"), gid: id("-g") };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/// Runs a PostgreSQL binary to completion as `user`; throws with its output on failure.
function runTool(bin: string, tool: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(path.join(bin, tool), args, {
    encoding: "utf8",
    ...user,
    env: { ...process.env, LC_ALL: "C" },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-3).join(" | ");
    throw new Error(`${tool} failed (${result.status ?? result.signal ?? result.error?.message}): ${output}`);
  }
}

/// initdb's a temp dir, starts the server on a free port and creates `database`. Resolves once it accepts
/// connections.
export async function startPostgres(options: { database?: string; timeoutMs?: number } = {}): Promise<Postgres> {
  const database = options.database ?? "ponder";
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`${JSON.stringify(database)} is not a plain database name`);
  const bin = postgresBinaries();
  const user = serverUser();
  const dir = mkdtempSync(path.join(tmpdir(), "openledger-pg-"));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
    const data = path.join(dir, "data");
    runTool(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], user);
    const port = await freePort();
    const logFile = path.join(dir, "postgres.log");
    const fd = openSync(logFile, "w");
    if (user !== undefined) chownSync(logFile, user.uid, user.gid);
    let child: ChildProcess;
    try {
      child = spawn(
        path.join(bin, "postgres"),
        ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"],
        { stdio: ["ignore", fd, fd], ...user, env: { ...process.env, LC_ALL: "C" } },
      );
    } finally {
      closeSync(fd);
    }
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    const pid = child.pid as number;
    const server = {
      url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
      port,
      pid,
      dir,
      logFile,
      async stop(graceMs = 10_000): Promise<void> {
        if (!exited(child)) {
          const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGINT");
          const timer = setTimeout(() => {
            if (!exited(child)) child.kill("SIGKILL");
          }, graceMs);
          await done;
          clearTimeout(timer);
        }
        remove();
      },
      stopSync(): void {
        if (!exited(child)) child.kill("SIGQUIT");
        remove();
      },
    } satisfies Postgres;
    // Ready once createdb gets through (pg_isready would say yes before the database exists).
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (exited(child)) {
        const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-2).join(" | ");
        throw new Error(`postgres exited with ${child.exitCode ?? child.signalCode}: ${tail}`);
      }
      try {
        runTool(bin, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database], user);
        return server;
      } catch (err: unknown) {
        if (Date.now() > deadline) {
          server.stopSync();
          throw err;
        }
      }
      await sleep(200);
    }
  } catch (err: unknown) {
    remove();
    throw err;
  }
}
