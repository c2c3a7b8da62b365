/**
 * Test helper: runs the built `falco-studio replay` (out/cli/main.js) on inputs with rules
 * files and returns its JSON lines split into alerts and summary. Paths of the k8s_audit
 * fixtures and of the official rules files in test/fixtures.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../../../server/src/paths';

export const root = packageRoot();
export const traces = path.join(root, 'test', 'fixtures', 'k8s_audit', 'traces');
export const extraRules = path.join(root, 'test', 'fixtures', 'k8s_audit', 'rules');
export const officialRules = {
  syscall: path.join(root, 'test', 'fixtures', 'rules', 'falco_rules.yaml'),
  k8sAudit: path.join(root, 'test', 'fixtures', 'rules', 'plugins', 'k8s_audit_rules.yaml'),
};

export interface Alert {
  rule: string;
  priority: string;
  source: string;
  output: string;
  output_text: string;
  evt_num: number;
  time: string;
  input?: string;
}

export interface Summary {
  events: number;
  events_matched: number;
  alerts: number;
  alerts_by_rule: Record<string, number>;
  sources?: Record<string, { events: number; alerts: number }>;
  inputs?: { input: string; source: string; events: number; alerts: number }[];
}

export interface ReplayRun {
  status: number | null;
  stderr: string;
  alerts: Alert[];
  summary: Summary | undefined;
}

/** `falco-studio replay INPUTS… -r RULES… --json ARGS…`. */
export function replay(inputs: string[], rules: string[], args: string[] = []): ReplayRun {
  const argv = [path.join(root, 'out', 'cli', 'main.js'), 'replay', ...inputs, ...rules.flatMap((r) => ['-r', r]), '--json', ...args];
  const run = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = lines.length > 0 ? (lines[lines.length - 1] as { summary?: Summary }) : undefined;
  return {
    status: run.status,
    stderr: run.stderr,
    alerts: lines.filter((line) => 'rule' in line) as unknown as Alert[],
    summary: last?.summary,
  };
}
