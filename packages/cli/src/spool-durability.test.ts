import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// Records the spool's file operations, so the test can check what was made durable, and when.
const ops: string[] = [];
const paths = new Map<number, string>();
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const name = (path: fs.PathLike) => String(path).split("/").pop()!;
  return {
    ...real,
    openSync: (path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
      const fd = real.openSync(path, flags, mode);
      paths.set(fd, real.statSync(path).isDirectory() ? "<dir>" : name(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      ops.push(`fsync ${paths.get(fd)}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      ops.push(`rename ${name(from)} ${name(to)}`);
      real.renameSync(from, to);
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      const buffer = rest[0] as Buffer;
      const text = buffer.toString("utf8", rest[1] as number, (rest[1] as number) + (rest[2] as number));
      if (paths.get(fd) === "journal.log" && text.startsWith("a ")) ops.push(`ack ${text.trim()}`);
      return (real.writeSync as (...args: unknown[]) => number)(fd, ...rest);
    },
  };
});

const { Spool } = await import("./spool.js");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  ops.length = 0;
});
function freshDir(): string {
  const dir = fs.mkdtempSync(join(tmpdir(), "zoomws-spool-"));
  dirs.push(dir);
  return dir;
}
const body = (n: number) => JSON.stringify({ event: "meeting.started", payload: { object: { n } } });

describe("Spool durability: file and folder entries are fsynced", () => {
  it("a new journal's folder entry", () => {
    const spool = Spool.open(freshDir());
    expect(ops).toContain("fsync <dir>");
    spool.close();
  });

  it("a new rejected.jsonl: the file and its folder entry before the event leaves the journal", () => {
    const spool = Spool.open(freshDir());
    spool.append(body(1));
    ops.length = 0;
    spool.setAside(1, "the handler answered 422");
    const ack = ops.indexOf("ack a 1");
    expect(ack).toBeGreaterThan(0);
    expect(ops.slice(0, ack)).toEqual(expect.arrayContaining(["fsync rejected.jsonl", "fsync <dir>"]));
    spool.close();
  });

  it("compaction: the new journal before the rename, the folder after it", () => {
    const spool = Spool.open(freshDir(), { compactAtBytes: 500 });
    for (let n = 1; n <= 20; n++) spool.append(body(n));
    for (let n = 1; n <= 18; n++) spool.ack(spool.peek()!.seq);
    const rename = ops.indexOf("rename journal.log.compact journal.log");
    expect(rename).toBeGreaterThan(0);
    expect(ops[rename - 1]).toBe("fsync journal.log.compact");
    expect(ops[rename + 1]).toBe("fsync <dir>");
    spool.close();
  });
});
