/**
 * The `replay-sources` engine job through the EngineClient: an audit input reports real
 * progress from its worker thread and can be cancelled mid-file; a malformed job is an
 * error message, and the same engine process keeps serving jobs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadRulesFiles } from '../../../server/src/analysis';
import { EngineClient } from '../../../server/src/engine/client';
import type { ReplaySourcesJob } from '../../../server/src/engine/jobs/replaySources';
import { officialRules, traces } from './run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-audit-engine-'));
const client = new EngineClient();
after(() => {
  client.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ruleSetJson = JSON.stringify(loadRulesFiles([officialRules.k8sAudit]).ruleSet);

function job(inputs: ReplaySourcesJob['inputs']): ReplaySourcesJob {
  return { kind: 'replay-sources', capture: inputs[0]?.path ?? '', ruleSetJson, inputs };
}

describe('replay-sources job', () => {
  it('reports progress from the audit thread and stops when cancelled', async () => {
    const secret = fs.readFileSync(path.join(traces, 'create_secret.json'), 'utf8').trim();
    const file = path.join(tmp, 'many.jsonl');
    fs.writeFileSync(file, `${Array.from({ length: 60000 }, () => secret).join('\n')}\n`);
    let progressed = 0;
    const handle = client.run(job([{ path: file, source: 'k8s_audit' }]), {
      onProgress: (progress) => {
        if (progress.eventsRead > 0 && progressed === 0) {
          progressed = progress.eventsRead;
          handle.cancel();
        }
      },
    });
    const outcome = await handle.result;
    assert.ok(progressed > 0 && progressed < 60000, `progress ${progressed}`);
    assert.equal(outcome.status, 'cancelled');
  });

  it('rejects malformed jobs with a message and keeps working', async () => {
    const noInputs = await client.run(job([])).result;
    assert.equal(noInputs.status, 'error');
    assert.match(noInputs.status === 'error' ? noInputs.message : '', /inputs must be a non-empty list/);
    const badSource = await client.run(job([{ path: 'x', source: 'okta' as 'k8s_audit' }])).result;
    assert.equal(badSource.status, 'error');
    const ok = await client.run(job([{ path: path.join(traces, 'create_secret.json'), source: 'k8s_audit' }])).result;
    assert.equal(ok.status, 'done');
    const replay = (ok.status === 'done' ? ok.summary.replay : undefined) as { alerts: number; sources: Record<string, { events: number }> } | undefined;
    assert.equal(replay?.alerts, 1);
    assert.deepEqual(Object.keys(replay?.sources ?? {}), ['k8s_audit']);
    assert.equal(replay?.sources.k8s_audit.events, 1);
  });
});
