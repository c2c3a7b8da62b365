/**
 * What the client and the server exchange beyond the standard LSP messages, types only.
 * Both sides import this file; each entry says who sends it and when.
 */

/**
 * The `falcoRuleStudio` settings section. Sent by the client: in `initializationOptions`
 * (optional, used by clients other than VS Code) and in every
 * `workspace/didChangeConfiguration` (VS Code's language client sends the whole section at
 * start and whenever the user changes it). The server reorders and reloads on receipt.
 */
export interface ServerSettings {
  /** Rules files in load order (paths relative to the first workspace folder, or absolute). */
  rulesFiles: string[];
}
