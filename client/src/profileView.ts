/**
 * The profile view: a webview with the last profile of the rule set on a capture: per-rule
 * evaluations, matches and latency histograms (events the rule did not match / matched),
 * the engine's pipeline per branch (no event / rules not matched / rules matched) with its
 * stages, and a flame graph (icicle) of the pipeline's folded stacks. Static HTML, no
 * script; export links run "Export last profile…". It only renders what the server sends.
 */
import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import type { LastProfileMethod, LastProfileResult } from '../../server/src/protocol';
import type { Latency, ProfileReport } from '../../server/src/profile/report';
import { EXPORT_PROFILE_COMMAND, SHOW_PROFILE_COMMAND } from './commands';

/** `LAST_PROFILE_REQUEST` of the protocol; the type keeps the two equal. */
const LAST_PROFILE_REQUEST: LastProfileMethod = 'falcoRuleStudio/lastProfile';

export function registerProfileView(context: vscode.ExtensionContext, client: LanguageClient): void {
  let panel: vscode.WebviewPanel | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_PROFILE_COMMAND, async () => {
      const last = await client.sendRequest<LastProfileResult>(LAST_PROFILE_REQUEST);
      if (panel === undefined) {
        panel = vscode.window.createWebviewPanel('falcoRuleStudio.profile', 'Falco Profile', vscode.ViewColumn.Beside, { enableCommandUris: true });
        panel.onDidDispose(() => (panel = undefined));
      }
      panel.webview.html = profileHtml(last.report as ProfileReport, last.folded);
      panel.reveal();
    }),
  );
}

/** The whole page. */
export function profileHtml(report: ProfileReport, folded: string): string {
  const rules = [...report.rules].sort((a, b) => b.share_of_rules - a.share_of_rules || a.name.localeCompare(b.name));
  const branches = Object.entries(report.pipeline.branches);
  const exportLink = `command:${EXPORT_PROFILE_COMMAND}`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { padding: 2px 8px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border); white-space: nowrap; font-size: 12px; }
th:first-child, td:first-child { text-align: left; }
svg rect { fill: var(--vscode-charts-blue); }
svg rect.matched { fill: var(--vscode-charts-orange); }
.flame { display: flex; flex-direction: column; font-size: 11px; }
.frame { flex: none; overflow: hidden; }
.frame > .label { background: var(--vscode-charts-red); color: #fff; margin: 1px; padding: 1px 3px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.children { display: flex; }
</style></head><body>
<h2>Profile of ${escape(report.capture)}</h2>
<p>${report.runs} runs, ${report.events.read} events read, ${report.events.matched} matched, ${report.events.alerts} alerts;
run time ${report.run_ms.mean.toFixed(2)} ms (mean); clock ${report.clock.cycles ? 'counts cycles' : 'in ns only'}.
<a href="${exportLink}">Export .json, .dot and .folded…</a></p>
<h3>Rules</h3>
<table><tr><th>rule</th><th>share</th><th>evaluations</th><th>matches</th><th>not matched p50 / p99</th><th>matched p50 / p99</th><th>latency histogram (not matched, matched)</th></tr>
${rules.map((rule) => `<tr><td>${escape(rule.name)}</td><td>${(rule.share_of_rules * 100).toFixed(1)}%</td><td>${rule.evaluations}</td><td>${rule.matches}</td><td>${latency(rule.not_matched)}</td><td>${latency(rule.matched)}</td><td>${histogram(rule.not_matched, '')}${histogram(rule.matched, 'matched')}</td></tr>`).join('\n')}
</table>
<h3>Pipeline</h3>
${branches
  .map(
    ([name, branch]) => `<h4>${escape(name)}: ${branch.iterations} iterations (${branch.measured} measured)</h4>
<table><tr><th>stage</th><th>p50</th><th>p99</th><th>total</th></tr>
${Object.entries(branch.stages)
  .map(([stage, stageLatency]) => `<tr><td>${escape(stage)}</td><td>${ns(stageLatency.p50_ns.mean)}</td><td>${ns(stageLatency.p99_ns.mean)}</td><td>${ns(stageLatency.total_ns.mean)}</td></tr>`)
  .join('\n')}
</table>`,
  )
  .join('\n')}
<h3>Flame graph (folded stacks)</h3>
<div class="flame">${flame(folded)}</div>
</body></html>`;
}

function latency(value: Latency): string {
  if (value.count.mean === 0) {
    return '–';
  }
  const cycles = value.p50_cycles !== undefined && value.p99_cycles !== undefined ? ` (${Math.round(value.p50_cycles.mean)} / ${Math.round(value.p99_cycles.mean)} cyc)` : '';
  return `${ns(value.p50_ns.mean)} / ${ns(value.p99_ns.mean)}${cycles}`;
}

function histogram(value: Latency, className: string): string {
  const buckets = value.histogram.filter((bucket) => bucket.count > 0);
  if (buckets.length === 0) {
    return '';
  }
  const max = Math.max(...buckets.map((bucket) => bucket.count));
  const width = 6;
  const bars = buckets
    .map((bucket, idx) => {
      const height = Math.max(1, Math.round((bucket.count / max) * 30));
      return `<rect class="${className}" x="${idx * width}" y="${30 - height}" width="${width - 1}" height="${height}"><title>${ns(bucket.low_ns)}–${ns(bucket.high_ns)}: ${bucket.count}</title></rect>`;
    })
    .join('');
  return `<svg width="${buckets.length * width + 4}" height="30">${bars}</svg>`;
}

interface FlameNode {
  name: string;
  value: number;
  children: Map<string, FlameNode>;
}

/** An icicle chart of folded stacks (`a;b;c weight` lines): each frame as wide as its weight. */
function flame(folded: string): string {
  const root: FlameNode = { name: 'all', value: 0, children: new Map() };
  for (const line of folded.split('\n')) {
    const match = /^(.*) (\d+)$/.exec(line.trim());
    if (match === null) {
      continue;
    }
    const weight = Number(match[2]);
    root.value += weight;
    let node = root;
    for (const frame of match[1].split(';')) {
      let child = node.children.get(frame);
      if (child === undefined) {
        child = { name: frame, value: 0, children: new Map() };
        node.children.set(frame, child);
      }
      child.value += weight;
      node = child;
    }
  }
  return root.value === 0 ? '<p>No folded stacks.</p>' : frameHtml(root, root.value);
}

function frameHtml(node: FlameNode, parentValue: number): string {
  const percent = (node.value / parentValue) * 100;
  const children = [...node.children.values()].map((child) => frameHtml(child, node.value)).join('');
  return `<div class="frame" style="width:${percent.toFixed(3)}%"><div class="label" title="${escape(node.name)}: ${node.value}">${escape(node.name)}</div><div class="children">${children}</div></div>`;
}

function ns(value: number): string {
  return value >= 1_000_000 ? `${(value / 1_000_000).toFixed(2)} ms` : value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${Math.round(value)} ns`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
