/**
 * Bad audit input is data: malformed, truncated, hostile or non-audit JSON makes
 * `falco-studio replay` exit 1 with a message naming the file, line, column and byte offset,
 * never a crash or a hang; alerts of the events read before the problem are still printed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { officialRules, replay, traces } from './run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-audit-errors-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Replays `file` with the official k8s_audit rules and checks a clean failure. */
function fails(file: string, message: RegExp): ReturnType<typeof replay> {
  const run = replay([file], [officialRules.k8sAudit]);
  assert.equal(run.status, 1, `exit status (stderr: ${run.stderr})`);
  assert.match(run.stderr, message);
  assert.ok(run.stderr.startsWith(`falco-studio replay: ${file}`), run.stderr);
  return run;
}

describe('bad k8s audit input', () => {
  const secret = fs.readFileSync(path.join(traces, 'create_secret.json'), 'utf8').trim();

  it('a truncated file: the offset is the end of the file', () => {
    const text = fs.readFileSync(path.join(traces, 'create_nginx_pod_privileged.json'), 'utf8').slice(0, 1500);
    fails(write('truncated.json', text), /at byte offset 1500 .*line 1, column 1501: malformed JSON: unexpected end of input/);
  });

  it('malformed JSON on line 3 of JSON lines: the two events before still alert', () => {
    const run = fails(write('bad-line.jsonl', `${secret}\n${secret}\n{"kind": "Event", "verb": create}\n`), /line 3, column 27: malformed JSON: invalid character \(expected a JSON value\)/);
    assert.deepEqual(run.alerts.map((a) => [a.evt_num, a.rule]), [[1, 'K8s Secret Created'], [2, 'K8s Secret Created']]);
  });

  it('JSON that is not an audit event', () => {
    fails(write('numbers.json', '\n  [1, 2]'), /line 2, column 4: data not recognized as a k8s audit event/);
    fails(write('other.json', '{"kind": "Pod", "metadata": {}}'), /line 1, column 1: data not recognized as a k8s audit event/);
    fails(write('list.json', '{"kind": "EventList", "items": 3}'), /data not recognized as a k8s audit event/);
  });

  it('an event without a usable stageTimestamp', () => {
    fails(write('no-time.json', '{"kind": "Event", "verb": "get"}'), /line 1, column 1: can't read stageTimestamp of audit event 1 \(the member is missing\)/);
    fails(write('bad-time.json', '{"kind": "Event", "stageTimestamp": "yesterday"}'), /line 1, column 37: can't read stageTimestamp of audit event 1 \(not an RFC 3339 time\)/);
  });

  it('hostile nesting, control characters, an empty file, a missing file', () => {
    fails(write('deep.json', '['.repeat(100000)), /nests more than 512 levels/);
    fails(write('control.json', '{"kind": "Ev\u0001ent"}'), /line 1, column 13: malformed JSON: control character inside a string/);
    fails(write('empty.json', '  \n'), /holds no JSON value/);
    fails(path.join(tmp, 'missing.json'), /cannot open audit file/);
  });
});
