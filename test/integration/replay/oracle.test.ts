/**
 * The match oracle: for every rule of the three official syscall rules files (and of our own
 * rules files) and every shared capture, the set of evt.num the engine matches with
 * `--enter-events --rule-matching all` equals what sysdig 0.29.3 printed for the rule's
 * expanded condition (test/fixtures/oracle-matches, made by scripts/oracle/generate.js).
 * Rules sysdig 0.29.3 cannot evaluate are listed in the fixtures with sysdig's reason and
 * skipped here; every rule is run enabled, as sysdig does not know `enabled`. The engine
 * runs in its own process through the replay job, as the CLI runs it.
 *
 * Where sysdig 0.29.3 cannot say anything, we do not pretend it can: the `own_modern` set
 * (iglob, bcontains, bstartswith, intersects, regex, modifiers, transformers, IPv6 networks —
 * none of which 0.29.3 parses) is compared with sysdig's matches for an equivalent condition
 * it accepts (scripts/oracle/equivalents.json). The engine follows Falco's modern filter
 * language there, which is a difference from 0.29.3 by construction, not a mismatch.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadRulesFiles } from '../../../server/src/analysis';
import { EngineClient } from '../../../server/src/engine/client';
import type { ReplayProblem } from '../../../server/src/engine/jobs/replay';
import { packageRoot } from '../../../server/src/paths';

const fixtures = path.join(packageRoot(), 'test', 'fixtures');

interface OracleSet {
  files: string[];
  matches: Record<string, number[]>;
  unsupported: Record<string, string>;
}

interface OracleDoc {
  capture: string;
  sets: Record<string, OracleSet>;
}

/**
 * Deliberate differences from sysdig 0.29.3, by "set/rule": none today. Add an entry with the
 * reason when our engine follows Falco rather than sysdig on purpose.
 */
const DIFFERENCES: Record<string, string> = {};

/** Runs one replay of `files` over `capture` with every rule enabled; evt.num per rule. */
async function engineMatches(client: EngineClient, files: string[], capture: string): Promise<{ matches: Map<string, number[]>; problems: ReplayProblem[] }> {
  const { ruleSet } = loadRulesFiles(files.map((file) => path.join(packageRoot(), file)));
  for (const rule of ruleSet.rules) rule.enabled = true;
  const matches = new Map<string, number[]>();
  const handle = client.run(
    { kind: 'replay', capture, ruleSetJson: JSON.stringify(ruleSet), ruleMatching: 'all', enterEvents: true },
    {
      onResults: (items) => {
        for (const item of items as { rule: string; evt_num: number }[]) {
          const list = matches.get(item.rule) ?? [];
          list.push(item.evt_num);
          matches.set(item.rule, list);
        }
      },
    },
  );
  const outcome = await handle.result;
  assert.equal(outcome.status, 'done', JSON.stringify(outcome));
  const problems = outcome.status === 'done' ? ((outcome.summary.problems ?? []) as ReplayProblem[]) : [];
  return { matches, problems };
}

describe('match oracle (sysdig 0.29.3)', () => {
  let client: EngineClient;
  before(() => {
    client = new EngineClient({ timeoutMs: 60000 });
  });
  after(() => client.dispose());

  const docs = fs
    .readdirSync(path.join(fixtures, 'oracle-matches'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(fixtures, 'oracle-matches', name), 'utf8')) as OracleDoc);

  it('covers every capture and has matches to compare', () => {
    const captures = fs.readdirSync(path.join(fixtures, 'captures')).filter((name) => name.endsWith('.scap'));
    assert.deepEqual(docs.map((doc) => doc.capture).sort(), captures.sort());
    const total = docs.reduce((acc, doc) => acc + Object.values(doc.sets).reduce((n, set) => n + Object.values(set.matches).flat().length, 0), 0);
    assert.ok(total > 500, `only ${total} oracle matches`);
  });

  for (const doc of docs) {
    for (const [setName, set] of Object.entries(doc.sets)) {
      it(`${doc.capture}: ${setName} rules match the events sysdig matches`, async () => {
        const { matches, problems } = await engineMatches(client, set.files, path.join(fixtures, 'captures', doc.capture));
        assert.deepEqual(problems, [], 'every rule builds in the engine');
        const mismatches: string[] = [];
        for (const [rule, expected] of Object.entries(set.matches)) {
          if (DIFFERENCES[`${setName}/${rule}`] !== undefined) continue;
          const actual = matches.get(rule) ?? [];
          const missing = expected.filter((num) => !actual.includes(num));
          const extra = actual.filter((num) => !expected.includes(num));
          if (missing.length > 0 || extra.length > 0) {
            mismatches.push(`${rule}: missing evt.num ${missing.slice(0, 10).join(',') || '-'}; extra evt.num ${extra.slice(0, 10).join(',') || '-'}`);
          }
        }
        assert.deepEqual(mismatches, []);
      });
    }
  }
});
