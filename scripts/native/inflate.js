#!/usr/bin/env node
// Makes a big, valid capture for benchmarks by repeating a real capture's event blocks K times:
// the header-phase blocks are copied once, each repetition shifts timestamps past the previous
// one and remaps thread ids (header tid and PID-typed parameters, + k * 1,000,000) so every
// repetition's threads are new, as in a long-running host. Writes plain (uncompressed) output.
// Usage: node scripts/native/inflate.js IN.scap K OUT.scap
// It does not validate the input beyond block framing (the engine does that).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'event-schema.json'), 'utf8'));
const EVENT_BLOCKS = new Map([[0x204, 22], [0x8010abcd, 22], [0x208, 22], [0x216, 26], [0x217, 26], [0x221, 26], [0x222, 26]]);
const TID_STEP = 1_000_000n;

/** Offsets of each parameter of a v1/v2 event, or null when the lengths do not add up. */
function paramOffsets(buf, ev, hsize, v2) {
  const type = buf.readUInt16LE(ev + 20);
  const len = buf.readUInt32LE(ev + 16);
  const info = schema.events[type];
  if (info === undefined) return null;
  const lensize = info.large_payload ? 4 : 2;
  const readLen = (i) => (lensize === 2 ? buf.readUInt16LE(ev + hsize + 2 * i) : buf.readUInt32LE(ev + hsize + 4 * i));
  let n = -1;
  if (v2) {
    n = buf.readUInt32LE(ev + 22);
  } else {
    for (let k = info.params.length; k >= 0; k--) {
      let sum = hsize + lensize * k;
      if (sum > len) continue;
      for (let i = 0; i < k; i++) sum += readLen(i);
      if (sum === len) { n = k; break; }
      if (sum < len) break;
    }
  }
  if (n < 0) return null;
  const out = [];
  let off = hsize + lensize * n;
  for (let i = 0; i < n; i++) {
    const plen = readLen(i);
    out.push({ type: info.params[i] ? info.params[i].type : 'PT_NONE', at: ev + off, len: plen });
    off += plen;
  }
  return out;
}

function inflate(input, times) {
  const data = input[0] === 0x1f && input[1] === 0x8b ? zlib.gunzipSync(input) : input;
  const header = [];
  const events = [];
  for (let pos = 0; pos + 12 <= data.length;) {
    const type = data.readUInt32LE(pos);
    const total = data.readUInt32LE(pos + 4);
    if (total < 12 || pos + total > data.length) throw new Error(`bad block at ${pos}`);
    const block = data.subarray(pos, pos + total);
    (EVENT_BLOCKS.has(type) ? events : header).push({ type, block });
    pos += total;
  }
  const stamps = events.map(({ type, block }) => block.readBigUInt64LE(8 + (type === 0x208 || type === 0x217 || type === 0x222 ? 6 : 2))).filter((ts) => ts > 0n);
  const first = stamps.reduce((a, b) => (b < a ? b : a));
  const last = stamps.reduce((a, b) => (b > a ? b : a));
  const span = last - first + 1_000_000n;
  const chunks = [...header.map((h) => h.block)];
  for (let k = 0n; k < BigInt(times); k++) {
    for (const { type, block } of events) {
      const copy = Buffer.from(block);
      const ev = 8 + (type === 0x208 || type === 0x217 || type === 0x222 ? 6 : 2);
      const ts = copy.readBigUInt64LE(ev);
      if (ts > 0n) copy.writeBigUInt64LE(ts + span * k, ev);
      const tid = copy.readBigUInt64LE(ev + 8);
      if (k > 0n && tid > 0n) {
        copy.writeBigUInt64LE(tid + TID_STEP * k, ev + 8);
        for (const p of paramOffsets(copy, ev, EVENT_BLOCKS.get(type), EVENT_BLOCKS.get(type) === 26) || []) {
          if (p.type === 'PT_PID' && p.len === 8) {
            const v = copy.readBigInt64LE(p.at);
            if (v > 0n) copy.writeBigInt64LE(v + TID_STEP * k, p.at);
          }
        }
      }
      chunks.push(copy);
    }
  }
  return { buffer: Buffer.concat(chunks), events: events.length * times };
}

if (require.main === module) {
  const [input, times, output] = process.argv.slice(2);
  if (output === undefined) {
    process.stderr.write('usage: node scripts/native/inflate.js IN.scap K OUT.scap\n');
    process.exit(2);
  }
  const { buffer, events } = inflate(fs.readFileSync(input), Number(times));
  fs.writeFileSync(output, buffer);
  process.stdout.write(`${output}: ${events} events, ${buffer.length} bytes\n`);
}

module.exports = { inflate };
