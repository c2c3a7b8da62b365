/**
 * Recognises Falco rules files that VS Code opened as plain YAML (a name that is neither
 * `*_rules.yaml` nor `*.falco.yaml`, and a first line that is a comment) and switches them
 * to the `falco` language. It looks only at the text's top-level items; it never changes a
 * document the user set to another language by hand after we switched it.
 */
import * as vscode from 'vscode';

/** Top-level items only Falco rules files have. */
const FALCO_ITEM = /^-\s+(rule|macro|list|required_engine_version|required_plugin_versions)\s*:/m;

/** How much of a document is looked at: rules files name an item within their first lines. */
const SCAN_CHARS = 64 * 1024;

/** True when a YAML text reads like a Falco rules file. */
export function looksLikeRulesFile(text: string): boolean {
  return FALCO_ITEM.test(text.slice(0, SCAN_CHARS));
}

/** Switches every open and every future YAML document that looks like a rules file to `falco`. */
export function watchYamlDocuments(context: vscode.ExtensionContext, log: vscode.OutputChannel): void {
  const switched = new Set<string>();
  const check = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    if (document.languageId !== 'yaml' || switched.has(key) || !looksLikeRulesFile(document.getText())) {
      return;
    }
    switched.add(key);
    log.appendLine(`${document.uri.fsPath}: YAML with Falco items, opened as a Falco rules file.`);
    vscode.languages.setTextDocumentLanguage(document, 'falco').then(undefined, (err: unknown) => {
      log.appendLine(`Could not set the language of ${document.uri.fsPath}: ${String(err)}`);
    });
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
}
