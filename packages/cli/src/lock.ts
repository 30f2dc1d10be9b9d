import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Another live process holds the lock. */
export class LockedError extends Error {
  readonly pid: number;
  constructor(path: string, pid: number) {
    super(`another process (pid ${pid}) holds ${path}`);
    this.name = "LockedError";
    this.pid = pid;
  }
}

export interface Lock {
  readonly path: string;
  release(): void;
}

/**
 * Takes `dir/lock` for this process: a file holding our pid, created atomically (written
 * aside, then hard-linked into place). A lock whose process is gone (killed, crashed) is stale
 * and taken over.
 */
export function acquireLock(dir: string, pid = process.pid): Lock {
  const path = join(dir, "lock");
  const aside = join(dir, `lock.${pid}.${Date.now()}`);
  writeFileSync(aside, `${pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(aside, path);
        return { path, release: () => releaseLock(path, pid) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolder(path);
      if (holder === undefined) continue; // released meanwhile
      if (holder.pid !== pid && isAlive(holder.pid)) throw new LockedError(path, holder.pid);
      // Stale: remove it unless someone replaced it in the meantime.
      if (sameFile(path, holder.ino)) unlinkQuietly(path);
    }
    throw new Error(`could not take ${path}: other processes keep taking it`);
  } finally {
    unlinkQuietly(aside);
  }
}

function releaseLock(path: string, pid: number): void {
  if (readHolder(path)?.pid === pid) unlinkQuietly(path);
}

function readHolder(path: string): { pid: number; ino: number } | undefined {
  try {
    const { ino } = statSync(path);
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    // A lock without a readable pid cannot have a live owner: locks are complete when they appear.
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0, ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sameFile(path: string, ino: number): boolean {
  try {
    return statSync(path).ino === ino;
  } catch {
    return false;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
