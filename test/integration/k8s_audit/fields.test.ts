/**
 * Values of the k8s_audit fields on real audit events (test/fixtures/k8s_audit/traces) and on
 * a small hand-written JSON-lines file, read through `falco-studio replay` with a probe rule
 * whose output prints the fields: the plugins' text forms (numbers and objects as compact
 * JSON), multi-valued fields, <NA> for what is missing, JSON pointers, URI parameters, event
 * numbers and stageTimestamp times. Then the operators on multi-valued fields (`in` needs
 * every value in the set, `intersects` one; a missing field makes a check false).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { officialRules, replay, traces } from './run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-audit-fields-'));

const PROBE_FIELDS = [
  'evt.num', 'evt.source', 'jevt.rawtime', 'ka.verb', 'ka.user.name', 'ka.user.groups', 'ka.target.resource', 'ka.target.namespace',
  'ka.target.name', 'ka.req.pod.containers.image', 'ka.req.pod.containers.image.repository', 'ka.req.pod.containers.privileged',
  'ka.req.pod.initContainers.image', 'ka.req.pod.containers.eff_run_as_user', 'ka.resp.name', 'ka.response.code',
  'ka.auth.decision', 'ka.sourceips', 'ka.req.pod.volumes.hostpath', 'ka.req.role.rules.verbs', 'ka.req.binding.role',
  'ka.req.binding.subjects', 'ka.req.binding.subjects.user_names', 'ka.req.service.type', 'ka.req.service.ports',
  'ka.req.configmap.obj', 'ka.uri.param[command]', 'ka.uri.param[container]', 'jevt.value[/stage]',
  'jevt.value[/requestObject/spec/containers/1/securityContext]', 'ka.req.pod.containers.image[1]', 'ka.req.container.privileged',
];

/** Writes a rules file with one rule printing every probe field, '|' between them. */
function probeRules(): string {
  const file = path.join(tmp, 'probe.yaml');
  const output = PROBE_FIELDS.map((f) => `%${f}`).join('|');
  fs.writeFileSync(file, `- rule: probe\n  desc: prints fields\n  condition: jevt.rawtime exists\n  output: "${output}"\n  priority: INFO\n  source: k8s_audit\n`);
  return file;
}

/** The probe's values per event number, as {field: text}. */
function probe(input: string): Map<number, Record<string, string>> {
  const run = replay([input], [probeRules()]);
  assert.equal(run.status, 0, run.stderr);
  const out = new Map<number, Record<string, string>>();
  for (const alert of run.alerts) {
    const values = alert.output_text.split('|');
    assert.equal(values.length, PROBE_FIELDS.length, alert.output_text);
    out.set(alert.evt_num, Object.fromEntries(PROBE_FIELDS.map((f, i) => [f, values[i]])));
  }
  return out;
}

/** Expected values are read from the trace files by hand. */
function expectValues(actual: Record<string, string> | undefined, expected: Record<string, string>): void {
  assert.ok(actual !== undefined, 'no probe alert for the event');
  for (const [field, value] of Object.entries(expected)) assert.equal(actual[field], value, field);
}

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('k8s_audit field values', () => {
  it('a privileged nginx pod', () => {
    expectValues(probe(path.join(traces, 'create_nginx_pod_privileged.json')).get(1), {
      'evt.num': '1',
      'evt.source': 'k8s_audit',
      'jevt.rawtime': '1540476552581541000',
      'ka.verb': 'create',
      'ka.user.name': 'system:serviceaccount:kube-system:replicaset-controller',
      'ka.user.groups': 'system:serviceaccounts,system:serviceaccounts:kube-system,system:authenticated',
      'ka.target.resource': 'pods',
      'ka.target.namespace': 'default',
      'ka.target.name': '<NA>',
      'ka.req.pod.containers.image': 'nginx',
      'ka.req.pod.containers.privileged': 'true',
      'ka.req.pod.initContainers.image': '<NA>',
      'ka.req.pod.containers.eff_run_as_user': '0',
      'ka.resp.name': 'nginx-deployment-5cdcc99dbf-rgw6z',
      'ka.response.code': '201',
      'ka.auth.decision': 'allow',
      'ka.sourceips': '::1',
      'jevt.value[/stage]': 'ResponseComplete',
      'ka.req.pod.containers.image[1]': '<NA>',
      'ka.req.container.privileged': 'true',
      'ka.req.binding.role': '<NA>',
    });
  });

  it('a pod whose second container alone is privileged', () => {
    expectValues(probe(path.join(traces, 'create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json')).get(1), {
      'ka.req.pod.containers.image': 'nginx,mysql:latest',
      'ka.req.pod.containers.image.repository': 'nginx,mysql',
      'ka.req.pod.containers.privileged': 'true',
      'ka.req.pod.containers.image[1]': 'mysql:latest',
      'jevt.value[/requestObject/spec/containers/1/securityContext]': '{"privileged":true}',
      'ka.req.container.privileged': 'true',
    });
  });

  it('volumes, role rules, bindings, services and configmaps', () => {
    expectValues(probe(path.join(traces, 'create_nginx_pod_sensitive_mount.json')).get(1), { 'ka.req.pod.volumes.hostpath': '/etc' });
    expectValues(probe(path.join(traces, 'create_cluster_role_wildcard_verbs.json')).get(1), { 'ka.req.role.rules.verbs': '*,get' });
    expectValues(probe(path.join(traces, 'attach_cluster_admin_role.json')).get(1), {
      'ka.req.binding.role': 'cluster-admin',
      'ka.req.binding.subjects': '{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"minikube"}',
      'ka.req.binding.subjects.user_names': 'minikube',
    });
    expectValues(probe(path.join(traces, 'create_nginx_service_nodeport.json')).get(1), {
      'ka.req.service.type': 'NodePort',
      'ka.req.service.ports': '{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":80}',
    });
  });

  it('six events of a JSON-lines file, numbered from 1', () => {
    const values = probe(path.join(traces, 'create_configmap_sensitive_values.json'));
    assert.deepEqual([...values.keys()], [1, 2, 3, 4, 5, 6]);
    expectValues(values.get(6), {
      'jevt.rawtime': String(BigInt(Date.UTC(2018, 9, 26, 9, 52, 32)) * 1000000n + 993095000n),
      'ka.req.configmap.obj': '{"access.properties":"passphrase = MY-ID\\naws_secret_access_key = MY-KEY\\n","ui.properties":"color.good=purple\\ncolor.bad=yellow\\nallow.textmode=true\\n"}',
    });
  });

  it('URI parameters, time zones, an EventList item without auditID', () => {
    const file = path.join(tmp, 'exec.jsonl');
    const exec = {
      kind: 'Event', auditID: 'a1', stage: 'ResponseStarted', verb: 'create', user: { username: 'alice' },
      requestURI: '/api/v1/namespaces/ns1/pods/p1/exec?command=ls&command=-l&container=c%201&stdin=true',
      objectRef: { resource: 'pods', namespace: 'ns1', name: 'p1', subresource: 'exec' },
      stageTimestamp: '2024-01-02T03:04:05.123456789+01:00',
    };
    const list = { kind: 'EventList', items: [{ kind: 'Event', stage: 'ResponseComplete', stageTimestamp: '2024-01-02T03:04:06Z' }] };
    fs.writeFileSync(file, `${JSON.stringify(exec)}\n${JSON.stringify(list)}\n`);
    const values = probe(file);
    expectValues(values.get(1), {
      'jevt.rawtime': String(BigInt(Date.UTC(2024, 0, 2, 2, 4, 5)) * 1000000n + 123456789n),
      'ka.uri.param[command]': 'ls',
      'ka.uri.param[container]': 'c 1',
      'ka.target.name': 'p1',
    });
    expectValues(values.get(2), { 'ka.verb': '<NA>', 'ka.uri.param[command]': '<NA>', 'jevt.value[/stage]': 'ResponseComplete' });
    // The official rules see the exec through the same fields; the second event has no user,
    // so `not ka.user.name in (allowed_k8s_users)` holds (a missing field makes `in` false).
    const official = replay([file], [officialRules.k8sAudit]);
    assert.deepEqual(official.alerts.map((a) => [a.evt_num, a.rule]), [[1, 'Attach/Exec Pod'], [2, 'Disallowed K8s User']]);
    assert.match(official.alerts[0].output, /command=ls\)?$/);
  });
});

describe('operators on multi-valued k8s_audit fields', () => {
  it('in, intersects, indexes and missing values', () => {
    const rules = path.join(tmp, 'operators.yaml');
    const checks: Record<string, string> = {
      in_both: 'ka.req.pod.containers.image in (nginx, "mysql:latest")',
      in_nginx_only: 'ka.req.pod.containers.image in (nginx)',
      intersects_mysql: 'ka.req.pod.containers.image intersects ("mysql:latest")',
      privileged_intersects_true: 'ka.req.pod.containers.privileged intersects (true)',
      missing_in_is_false: 'not ka.req.pod.initContainers.image in (nginx)',
      second_image: 'ka.req.pod.containers.image[1] in ("mysql:latest")',
      pointer_index: 'jevt.value[/requestObject/spec/containers/1/image] = "mysql:latest"',
    };
    fs.writeFileSync(rules, Object.entries(checks).map(([name, condition]) =>
      `- rule: ${name}\n  desc: operator check\n  condition: ${condition}\n  output: "%evt.num"\n  priority: INFO\n  source: k8s_audit\n`).join('\n'));
    const fired = (trace: string): string[] => {
      const run = replay([path.join(traces, trace)], [rules], ['--rule-matching', 'all']);
      assert.equal(run.status, 0, run.stderr);
      return run.alerts.map((a) => a.rule).sort();
    };
    assert.deepEqual(fired('create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json'),
      ['in_both', 'intersects_mysql', 'missing_in_is_false', 'pointer_index', 'privileged_intersects_true', 'second_image']);
    assert.deepEqual(fired('create_nginx_pod_privileged.json'),
      ['in_both', 'in_nginx_only', 'missing_in_is_false', 'privileged_intersects_true']);
    assert.deepEqual(fired('create_nginx_pod_unprivileged.json'), ['in_both', 'in_nginx_only', 'missing_in_is_false']);
  });
});
