import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Spool } from "./spool.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "zoomws-spool-"));
  dirs.push(dir);
  return dir;
}
const body = (n: number) =>
  JSON.stringify({ event: "meeting.started", payload: { object: { n, topic: "Café ✓" } } });
const journal = (dir: string) => join(dir, "journal.log");

describe("Spool", () => {
  it("hands events out oldest first and forgets them only once acknowledged", () => {
    const spool = Spool.open(freshDir());
    const seqs = [1, 2, 3].map((n) => spool.append(body(n)));
    expect(seqs).toEqual([1, 2, 3]);
    expect(spool.size).toBe(3);
    expect(spool.peek()).toEqual({ seq: 1, body: body(1) });
    expect(spool.peek()).toEqual({ seq: 1, body: body(1) }); // peeking twice is not consuming
    spool.ack(1);
    expect(spool.peek()).toEqual({ seq: 2, body: body(2) });
    spool.ack(2);
    spool.ack(2); // twice: harmless
    spool.ack(3);
    expect(spool.peek()).toBeUndefined();
    expect(spool.size).toBe(0);
    spool.close();
  });

  it("recovers what was appended and not acknowledged, in order, after a crash", () => {
    const dir = freshDir();
    const first = Spool.open(dir);
    for (let n = 1; n <= 5; n++) first.append(body(n));
    first.ack(1);
    first.ack(2);
    // No close(): a killed process closes nothing.
    const second = Spool.open(dir);
    expect(second.recovery).toEqual({ pending: 3, tornBytes: 0, corruptLines: 0 });
    expect(second.peek()).toEqual({ seq: 3, body: body(3) });
    expect(second.append(body(6))).toBe(6); // sequence numbers carry on
    second.ack(3);
    second.close();
    const third = Spool.open(dir);
    const seen: string[] = [];
    for (let entry = third.peek(); entry; entry = third.peek()) {
      seen.push(entry.body);
      third.ack(entry.seq);
    }
    expect(seen).toEqual([body(4), body(5), body(6)]);
    third.close();
  });

  it("cuts off a torn last record and goes on appending after the last whole one", () => {
    const dir = freshDir();
    const spool = Spool.open(dir);
    spool.append(body(1));
    spool.append(body(2));
    // A write cut short: half of record 2 made it to disk.
    const size = statSync(journal(dir)).size;
    truncateSync(journal(dir), size - Math.floor(body(2).length / 2));
    const recovered = Spool.open(dir);
    expect(recovered.recovery.pending).toBe(1);
    expect(recovered.recovery.tornBytes).toBeGreaterThan(0);
    expect(recovered.peek()).toEqual({ seq: 1, body: body(1) });
    recovered.append(body(3));
    recovered.close();
    const again = Spool.open(dir);
    expect(again.recovery).toEqual({ pending: 2, tornBytes: 0, corruptLines: 0 });
    again.ack(again.peek()!.seq);
    expect(again.peek()!.body).toBe(body(3));
    again.close();
  });

  it("skips a damaged record in the middle but keeps the ones around it", () => {
    const dir = freshDir();
    const spool = Spool.open(dir);
    spool.append(body(1));
    spool.close();
    appendFileSync(journal(dir), 'e 2 0000000000000000 {"not":"matching its checksum"}\ngarbage\n');
    const next = Spool.open(dir);
    next.append(body(3));
    next.close();
    const recovered = Spool.open(dir);
    expect(recovered.recovery).toEqual({ pending: 2, tornBytes: 0, corruptLines: 2 });
    expect(recovered.peek()!.body).toBe(body(1));
    recovered.ack(1);
    expect(recovered.peek()!.body).toBe(body(3));
    recovered.close();
  });

  it("empties the journal once everything is delivered, and compacts a big one", () => {
    const dir = freshDir();
    const spool = Spool.open(dir, { compactAtBytes: 2000 });
    spool.append(body(1));
    spool.ack(1);
    expect(statSync(journal(dir)).size).toBe(0);
    for (let n = 1; n <= 40; n++) spool.append(body(n));
    for (let n = 1; n <= 35; n++) spool.ack(spool.peek()!.seq);
    // Compacted on the way: acknowledged records were dropped from the file.
    const records = readFileSync(journal(dir), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("e "));
    expect(records.length).toBeLessThan(40);
    expect(statSync(journal(dir)).size).toBeLessThan(2000);
    expect(spool.peek()!.body).toBe(body(36));
    spool.close();
    const reopened = Spool.open(dir);
    expect(reopened.size).toBe(5);
    expect(reopened.peek()!.body).toBe(body(36));
    reopened.close();
  });

  it("sets a refused event aside in rejected.jsonl and moves on", () => {
    const dir = freshDir();
    const spool = Spool.open(dir);
    spool.append(body(1));
    spool.append(body(2));
    const file = spool.setAside(1, "the handler answered 422");
    expect(spool.peek()!.body).toBe(body(2));
    const [line] = readFileSync(file, "utf8").trim().split("\n");
    expect(JSON.parse(line!)).toMatchObject({
      seq: 1,
      reason: "the handler answered 422",
      body: JSON.parse(body(1)),
    });
    spool.close();
    expect(Spool.open(dir).size).toBe(1);
  });

  it("refuses a body that is not one line", () => {
    const spool = Spool.open(freshDir());
    expect(() => spool.append('{"a":\n1}')).toThrow(TypeError);
    expect(spool.size).toBe(0);
    spool.close();
  });
});
