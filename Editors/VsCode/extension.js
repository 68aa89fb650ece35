// Starts `vae lsp` for .vae files. Every feature comes from the server; the extension only connects it.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration("vae.server");
  const server = { command: settings.get("command", "vae"), args: settings.get("args", ["lsp"]) };
  client = new LanguageClient(
    "vae",
    "VaeDsl language server",
    { run: server, debug: server },
    { documentSelector: [{ language: "vae" }] }
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
