/**
 * Language server entry point (`node out/server/main.js --stdio`, or over IPC when the
 * extension starts it). Builds the connection and hands over to the handlers; the rule
 * language itself lives in the editor-independent core (`analysis.ts` and below).
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
  },
}));

documents.listen(connection);
connection.listen();
