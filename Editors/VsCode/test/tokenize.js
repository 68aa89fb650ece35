// Tokenises text with the extension's grammar exactly as VS Code does (vscode-textmate on the Oniguruma engine).
const fs = require("node:fs");
const path = require("node:path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const extension = path.join(__dirname, "..");
const repository = path.join(extension, "..", "..");

let registry;

async function grammar() {
  if (!registry) {
    const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    const engine = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }));
    registry = new textmate.Registry({
      onigLib: engine,
      loadGrammar: async (scopeName) => {
        if (scopeName !== "source.vae") return null;
        const file = path.join(extension, "syntaxes", "vae.tmLanguage.json");
        return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
      },
    });
  }
  return registry.loadGrammar("source.vae");
}

/** Every token of the text: { line, text, scopes } with scopes innermost last. */
async function tokenize(text) {
  const vae = await grammar();
  const tokens = [];
  let stack = textmate.INITIAL;
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const result = vae.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.substring(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

function readRepositoryFile(...parts) {
  return fs.readFileSync(path.join(repository, ...parts), "utf8");
}

module.exports = { tokenize, readRepositoryFile, repository };
