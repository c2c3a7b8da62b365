/**
 * The "Falco Alerts" view: the alerts of the last replay, grouped by rule (most alerts
 * first), each alert showing its event number and output; clicking opens the rule where it
 * is written. It only displays a `ReplayResult`; running the replay is `replay.ts`'s job.
 */
import * as vscode from 'vscode';
import type { ReplayAlert, ReplayResult, RuleLocation } from '../../server/src/protocol';

type Node = { kind: 'rule'; rule: string; count: number; location?: RuleLocation } | { kind: 'alert'; alert: ReplayAlert };

export class AlertsView implements vscode.TreeDataProvider<Node> {
  private m_result: ReplayResult | undefined;
  private readonly m_changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.m_changed.event;

  /** Shows a new replay's alerts. */
  show(result: ReplayResult): void {
    this.m_result = result;
    this.m_changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const result = this.m_result;
    if (result === undefined) {
      return [];
    }
    if (node === undefined) {
      return Object.entries(result.alertsByRule)
        .sort(([ruleA, countA], [ruleB, countB]) => countB - countA || ruleA.localeCompare(ruleB))
        .map(([rule, count]) => ({ kind: 'rule', rule, count, location: result.alerts.find((alert) => alert.rule === rule)?.location }));
    }
    return node.kind === 'rule' ? result.alerts.filter((alert) => alert.rule === node.rule).map((alert) => ({ kind: 'alert', alert })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'rule') {
      const item = new vscode.TreeItem(node.rule, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.count} alert${node.count === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('bell');
      item.command = openCommand(node.location);
      return item;
    }
    const { alert } = node;
    const item = new vscode.TreeItem(`#${alert.evtNum} ${alert.priority}`, vscode.TreeItemCollapsibleState.None);
    item.description = alert.output;
    item.tooltip = `${alert.rule}\nevent #${alert.evtNum} at ${alert.time}\n${alert.output}`;
    item.command = openCommand(alert.location);
    return item;
  }
}

function openCommand(location: RuleLocation | undefined): vscode.Command | undefined {
  if (location === undefined) {
    return undefined;
  }
  const position = new vscode.Position(location.line, location.character);
  return {
    title: 'Open rule',
    command: 'vscode.open',
    arguments: [vscode.Uri.parse(location.uri), { selection: new vscode.Range(position, position) }],
  };
}
