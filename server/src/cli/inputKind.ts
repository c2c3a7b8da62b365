/**
 * Tells which event source a replay input belongs to, by its first bytes: a `.scap` capture
 * (gzip, or a pcapng section header block) is `syscall`; a file whose first non-blank
 * character opens a JSON object or array is a Kubernetes audit file (`k8s_audit`). Anything
 * else (unreadable, empty, other text) is treated as a capture, so the engine's capture reader
 * reports the precise problem, unless its name ends in .json or .jsonl. It reads at most 4 KiB
 * and does not check that the file is valid.
 */
import * as fs from 'fs';

export type InputSource = 'syscall' | 'k8s_audit';

const SNIFF_BYTES = 4096;

export function inputKind(file: string): InputSource {
  const byName: InputSource = /\.jsonl?$/i.test(file) ? 'k8s_audit' : 'syscall';
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(SNIFF_BYTES);
      head = head.subarray(0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return byName;
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'syscall';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x0a0d0d0a) return 'syscall';
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b || byte === 0x5b ? 'k8s_audit' : byName;
  }
  return byName;
}
