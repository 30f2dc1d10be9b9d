import { createHash } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

export interface SpoolEntry {
  readonly seq: number;
  readonly body: string;
}

export interface SpoolRecovery {
  /** Events found waiting. */
  readonly pending: number;
  /** Bytes of a torn last line that were cut off. */
  readonly tornBytes: number;
  /** Complete lines that did not parse or failed their checksum, skipped. */
  readonly corruptLines: number;
}

export interface SpoolOptions {
  /** Rewrite the journal once it is this big and mostly acknowledged. Default 8 MiB. */
  compactAtBytes?: number;
}

interface Pointer {
  readonly seq: number;
  /** Byte offset of the body in the journal. */
  readonly offset: number;
  readonly length: number;
}

const JOURNAL = "journal.log";
const REJECTED = "rejected.jsonl";
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/**
 * A durable, ordered queue of event bodies in one folder: an append-only journal
 * (`journal.log`) of `e` (event) and `a` (acknowledged) lines, each written and fsynced
 * before the call returns. Recovery replays the journal, so what was appended and not
 * acknowledged survives a kill; a torn last line (a write cut short) is cut off.
 *
 *   e <seq> <checksum> <body>\n    body: one line of JSON; checksum: 16 hex digits of its SHA-256
 *   a <seq>\n
 *
 * Bodies are read back from the file when delivered, so memory stays small however long
 * the spool grows. Once every event is acknowledged the journal is truncated; a journal
 * that grew past `compactAtBytes` is rewritten with only its pending events.
 */
export class Spool {
  readonly dir: string;
  readonly recovery: SpoolRecovery;
  readonly #path: string;
  readonly #compactAtBytes: number;
  #fd: number;
  #size = 0;
  /** Bytes of the pending events' bodies: decides when compaction pays. */
  #pendingBytes = 0;
  #nextSeq = 1;
  /** Pending events in order; `#head` is the first one still pending. */
  #queue: Pointer[] = [];
  #head = 0;
  #closed = false;

  private constructor(dir: string, options: SpoolOptions) {
    this.dir = dir;
    this.#path = join(dir, JOURNAL);
    this.#compactAtBytes = options.compactAtBytes ?? 8 * 1024 * 1024;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#fd = openSync(this.#path, "a+", 0o600);
    syncDir(dir);
    this.recovery = this.#recover();
  }

  /** Opens (creating if needed) the spool in `dir` and recovers what an earlier run left. */
  static open(dir: string, options: SpoolOptions = {}): Spool {
    return new Spool(dir, options);
  }

  /** Events waiting to be acknowledged. */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  /** Appends `body` (one line of JSON) durably; returns its sequence number. */
  append(body: string): number {
    this.#assertOpen();
    if (body.includes("\n")) throw new TypeError("A spooled body must be one line (JSON.stringify output).");
    const seq = this.#nextSeq++;
    const prefix = `e ${seq} ${checksum(body)} `;
    const offset = this.#size + Buffer.byteLength(prefix);
    const length = Buffer.byteLength(body);
    this.#write(`${prefix}${body}\n`);
    this.#queue.push({ seq, offset, length });
    this.#pendingBytes += length;
    return seq;
  }

  /** The oldest pending event, read back from the journal. */
  peek(): SpoolEntry | undefined {
    this.#assertOpen();
    const pointer = this.#queue[this.#head];
    if (!pointer) return undefined;
    return { seq: pointer.seq, body: this.#read(pointer.offset, pointer.length) };
  }

  /** Marks `seq` delivered, durably; it is never handed out again. */
  ack(seq: number): void {
    this.#assertOpen();
    const index = this.#indexOf(seq);
    if (index < 0) return;
    this.#write(`a ${seq}\n`);
    this.#pendingBytes -= this.#queue[index]?.length ?? 0;
    if (index === this.#head) this.#head++;
    else this.#queue.splice(index, 1);
    this.#afterAck();
  }

  /**
   * Moves `seq` out of the queue into `rejected.jsonl` (with `reason`), durably: for an event
   * the handler refused for good. Returns that file's path.
   */
  setAside(seq: number, reason: string): string {
    this.#assertOpen();
    const index = this.#indexOf(seq);
    const path = join(this.dir, REJECTED);
    const pointer = this.#queue[index];
    if (!pointer) return path;
    const body = this.#read(pointer.offset, pointer.length);
    const line = `{"seq":${seq},"at":${JSON.stringify(new Date().toISOString())},"reason":${JSON.stringify(reason)},"body":${body}}\n`;
    const fd = openSync(path, "a", 0o600);
    try {
      writeAll(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The file may have just been created: its folder entry too must be durable before the
    // event leaves the journal, or a crash could lose both copies. (Rare: a sync per set-aside.)
    syncDir(this.dir);
    this.ack(seq);
    return path;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #indexOf(seq: number): number {
    for (let i = this.#head; i < this.#queue.length; i++) if (this.#queue[i]?.seq === seq) return i;
    return -1;
  }

  #write(line: string): void {
    writeAll(this.#fd, line);
    fsyncSync(this.#fd);
    this.#size += Buffer.byteLength(line);
  }

  #read(offset: number, length: number): string {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.#fd, buffer, done, length - done, offset + done);
      if (n === 0) throw new Error(`The spool journal ${this.#path} ended early: was it changed by hand?`);
      done += n;
    }
    return buffer.toString("utf8");
  }

  #afterAck(): void {
    if (this.size === 0) {
      // Everything delivered: start the journal afresh (sequence numbers carry on).
      ftruncateSync(this.#fd, 0);
      fsyncSync(this.#fd);
      this.#size = 0;
      this.#pendingBytes = 0;
      this.#queue = [];
      this.#head = 0;
      return;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    // Each pending record costs its body plus a prefix of at most ~40 bytes.
    const pendingBytes = this.#pendingBytes + this.size * 40;
    if (this.#size >= this.#compactAtBytes && pendingBytes * 2 < this.#size) this.#compact();
  }

  /** Writes the pending events to a new journal and swaps it in atomically. */
  #compact(): void {
    const temporary = `${this.#path}.compact`;
    const fd = openSync(temporary, "w", 0o600);
    const queue: Pointer[] = [];
    let size = 0;
    try {
      for (let i = this.#head; i < this.#queue.length; i++) {
        const pointer = this.#queue[i]!;
        const body = this.#read(pointer.offset, pointer.length);
        const prefix = `e ${pointer.seq} ${checksum(body)} `;
        queue.push({ seq: pointer.seq, offset: size + Buffer.byteLength(prefix), length: pointer.length });
        const line = `${prefix}${body}\n`;
        writeAll(fd, line);
        size += Buffer.byteLength(line);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.#path);
    syncDir(this.dir);
    closeSync(this.#fd);
    this.#fd = openSync(this.#path, "a+", 0o600);
    this.#queue = queue;
    this.#head = 0;
    this.#size = size;
  }

  /** Replays the journal: pending = appended − acknowledged. Cuts off a torn last line. */
  #recover(): SpoolRecovery {
    const pending = new Map<number, Pointer>();
    let corruptLines = 0;
    let maxSeq = 0;
    let lineStart = 0;
    let carry: Buffer = Buffer.alloc(0);
    let position = 0;
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(this.#fd, chunk, 0, CHUNK, position);
      if (n === 0) break;
      let data = Buffer.concat([carry, chunk.subarray(0, n)]);
      const dataStart = position - carry.length;
      position += n;
      let from = 0;
      for (let nl = data.indexOf(NEWLINE, from); nl >= 0; nl = data.indexOf(NEWLINE, from)) {
        const line = data.subarray(from, nl);
        const parsed = parseLine(line, dataStart + from);
        if (!parsed) corruptLines++;
        else if (parsed.kind === "e") {
          pending.set(parsed.pointer.seq, parsed.pointer);
          maxSeq = Math.max(maxSeq, parsed.pointer.seq);
        } else {
          pending.delete(parsed.seq);
          maxSeq = Math.max(maxSeq, parsed.seq);
        }
        from = nl + 1;
        lineStart = dataStart + from;
      }
      data = data.subarray(from);
      carry = Buffer.from(data);
    }
    const tornBytes = position - lineStart;
    if (tornBytes > 0) {
      ftruncateSync(this.#fd, lineStart);
      fsyncSync(this.#fd);
    }
    this.#size = lineStart;
    this.#nextSeq = maxSeq + 1;
    this.#queue = [...pending.values()].sort((a, b) => a.seq - b.seq);
    this.#pendingBytes = this.#queue.reduce((sum, pointer) => sum + pointer.length, 0);
    this.#head = 0;
    if (this.#queue.length === 0 && this.#size > 0) this.#afterAck();
    return { pending: this.#queue.length, tornBytes, corruptLines };
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("The spool is closed.");
  }
}

type Parsed = { kind: "e"; pointer: Pointer } | { kind: "a"; seq: number };

function parseLine(line: Buffer, offset: number): Parsed | undefined {
  const text = line.toString("utf8");
  if (text.startsWith("a ")) {
    const seq = Number(text.slice(2));
    return Number.isSafeInteger(seq) && seq > 0 ? { kind: "a", seq } : undefined;
  }
  const match = /^e (\d+) ([0-9a-f]{16}) /.exec(text);
  if (!match) return undefined;
  const seq = Number(match[1]);
  const body = text.slice(match[0].length);
  if (!Number.isSafeInteger(seq) || seq <= 0 || checksum(body) !== match[2]) return undefined;
  const prefixBytes = Buffer.byteLength(match[0]);
  return { kind: "e", pointer: { seq, offset: offset + prefixBytes, length: line.length - prefixBytes } };
}

function checksum(body: string): string {
  return createHash("sha256").update(body).digest("hex").slice(0, 16);
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text);
  let done = 0;
  while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
}

/** Makes a new or renamed file's directory entry durable (not possible, nor needed, on Windows). */
function syncDir(dir: string): void {
  if (process.platform === "win32") return;
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
