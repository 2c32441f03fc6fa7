// Built code kept on disk, named by a hash of everything a build reads (the
// device sources, the tools, the board data, the compiler's settings, the
// locked versions of the tools' packages) and of what it was asked for. The
// app holds no settings, so one build serves every config of a board: `npm
// start`, `npm run upload` and the tests build a board once per change of
// the sources, not once per run.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "../board/profiles";

/** The usual place for a project's caches, never tracked (.gitignore: node_modules). */
export const CACHE_DIR = join(ROOT, "node_modules", ".cache", "pico-http-get");
/** Builds kept: every board of the last few changes of the sources; older ones are removed. */
const KEEP_FILES = 60;
/** What a build reads, relative to its root. */
const SOURCES = ["src", "tools", "board", "tsconfig.json", "package-lock.json"];

function filesUnder(path: string, out: string[]): string[] {
  if (!existsSync(path)) return out;
  if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) filesUnder(join(path, name), out);
  else out.push(path);
  return out;
}

/**
 * A hash of every file a build in `root` reads (plus `extra`, files outside
 * those folders such as a test driver) and of `request`: a change anywhere
 * makes a fresh build.
 */
export function buildKey(root: string, request: unknown, extra: string[] = []): string {
  const h = createHash("sha1").update(JSON.stringify(request) + "\0");
  for (const top of SOURCES.concat(extra)) {
    for (const f of filesUnder(join(root, top), [])) h.update(relative(root, f) + "\0").update(readFileSync(f)).update("\0");
  }
  return h.digest("hex").slice(0, 20);
}

/** A build takes seconds: a lock older than this was left by a process that stopped (Ctrl-C). */
const LOCK_STALE_MS = 60000;
const LOCK_POLL_MS = 100;

function read(key: string): string | undefined {
  const file = join(CACHE_DIR, key + ".js");
  return existsSync(file) ? readFileSync(file, "latin1") : undefined;
}

/** Keeps `text` under `key`; a cache that cannot be written only costs time. */
function keep(key: string, text: string): void {
  try {
    // Test files run as parallel processes: each writes its own part, and the
    // rename makes whichever lands a whole file.
    const part = join(CACHE_DIR, `${key}.${process.pid}.part`);
    writeFileSync(part, text, "latin1");
    renameSync(part, join(CACHE_DIR, key + ".js"));
    prune();
  } catch {
    // read-only checkout or full disk: build every time
  }
}

/** Removes all but the KEEP_FILES newest builds. */
function prune(): void {
  const kept = readdirSync(CACHE_DIR).filter((f) => f.endsWith(".js")).map((f) => join(CACHE_DIR, f));
  if (kept.length <= KEEP_FILES) return;
  const age = (f: string) => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  kept.sort((a, b) => age(b) - age(a));
  for (const f of kept.slice(KEEP_FILES)) rmSync(f, { force: true });
}

/** true: this process builds `key`; false: another one is (or the cache cannot be written). */
function lock(key: string): boolean {
  const dir = join(CACHE_DIR, key + ".lock");
  for (let tries = 0; tries < 2; tries++) {
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      mkdirSync(dir);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return false;
      const made = statSync(dir, { throwIfNoEntry: false });
      if (made && made.mtimeMs > Date.now() - LOCK_STALE_MS) return false;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return false;
}

function unlock(key: string): void {
  rmSync(join(CACHE_DIR, key + ".lock"), { recursive: true, force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The text `make` builds for `key`, from the cache when it was built before.
 * While another process builds the same key, this one waits for its result
 * (at most LOCK_STALE_MS, then builds it too).
 */
export async function cachedText(key: string, make: () => Promise<string>): Promise<string> {
  const have = read(key);
  if (have !== undefined) return have;
  const mine = lock(key);
  if (!mine) {
    for (let waited = 0; waited < LOCK_STALE_MS; waited += LOCK_POLL_MS) {
      await sleep(LOCK_POLL_MS);
      const theirs = read(key);
      if (theirs !== undefined) return theirs;
      if (!existsSync(join(CACHE_DIR, key + ".lock"))) break;
    }
  }
  try {
    const text = await make();
    keep(key, text);
    return text;
  } finally {
    if (mine) unlock(key);
  }
}
