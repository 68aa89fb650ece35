// The TextMate grammar, held against the tour of the language (Vae.dsl) and every example model.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { tokenize, readRepositoryFile, repository } = require("./tokenize");

/** The innermost scope of the first token with this text on a line containing `lineText`. */
function scopeOf(tokens, source, lineText, tokenText) {
  const lines = source.split(/\r\n|\r|\n/);
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.notEqual(line, -1, `no line contains ${lineText}`);
  const token = tokens.find((t) => t.line === line && t.text.trim() === tokenText);
  assert.ok(token, `no token '${tokenText}' on line ${line + 1}: ${JSON.stringify(tokens.filter((t) => t.line === line).map((t) => t.text))}`);
  return token.scopes[token.scopes.length - 1];
}

const tour = readRepositoryFile("Vae.dsl");

test("keywords of the tour are keywords", async () => {
  const tokens = await tokenize(tour);
  for (const [line, word] of [
    ["namespace VaeDsl.Tour", "namespace"],
    ["model MnistConv {", "model"],
    ["hyper latent = 16", "hyper"],
    ["encoder {", "encoder"],
    ["latent z ~ Normal(latent)", "latent"],
    ["prior z ~ StandardNormal", "prior"],
    ["likelihood Bernoulli", "likelihood"],
    ["loss = recon + beta * kl", "loss"],
    ["train {", "train"],
    ["repeat depth {", "repeat"],
    ["block Down(channels", "block"],
    ["latent z2 ~ Normal(4) from z1", "from"],
    ["prior z2 ~ Normal given z3", "given"],
    ["inference top_down", "inference"],
  ]) {
    assert.equal(scopeOf(tokens, tour, line, word), "keyword.control.vae", `${word} in '${line}'`);
  }
});

test("layer names are layers, and the model and block names are declarations", async () => {
  const tokens = await tokenize(tour);
  assert.equal(scopeOf(tokens, tour, "conv2d(channels, kernel: kernel", "conv2d"), "support.function.layer.vae");
  assert.equal(scopeOf(tokens, tour, "linear(width) gelu", "gelu"), "support.function.layer.vae");
  assert.equal(scopeOf(tokens, tour, "layer_norm(eps: 1e-5)", "layer_norm"), "support.function.layer.vae");
  assert.equal(scopeOf(tokens, tour, "residual {", "residual"), "support.function.layer.vae");
  assert.equal(scopeOf(tokens, tour, "model MnistConv {", "MnistConv"), "entity.name.type.model.vae");
  assert.equal(scopeOf(tokens, tour, "block Down(channels", "Down"), "entity.name.function.block.vae");
  assert.equal(scopeOf(tokens, tour, "prior z ~ MixtureOfGaussians", "MixtureOfGaussians"), "support.type.distribution.vae");
  assert.equal(scopeOf(tokens, tour, "optimizer: adamw(", "adamw"), "support.function.optimizer.vae");
  assert.equal(scopeOf(tokens, tour, "warmup(kl, epochs: 10)", "warmup"), "support.function.schedule.vae");
  assert.equal(scopeOf(tokens, tour, "optimizer: adamw(", "lr"), "variable.parameter.vae");
  assert.equal(scopeOf(tokens, tour, "latent z ~ Normal(8) flow planar", "flow"), "keyword.control.vae");
  assert.equal(scopeOf(tokens, tour, "latent v ~ Normal(4) flow iaf", "iaf"), "support.function.flow.vae");
  assert.equal(scopeOf(tokens, tour, "custom Gate(width, bias", "custom"), "support.function.layer.vae");
  assert.equal(scopeOf(tokens, tour, "custom Gate(width, bias", "Gate"), "entity.name.type.class.vae");
  assert.equal(scopeOf(tokens, tour, "custom Gate(width, bias", "->"), "keyword.operator.vae");
});

test("numbers, comments and doc comments", async () => {
  const tokens = await tokenize(tour);
  assert.equal(scopeOf(tokens, tour, "hyper hidden = 256, beta = 4.0", "4.0"), "constant.numeric.vae");
  assert.equal(scopeOf(tokens, tour, "layer_norm(eps: 1e-5)", "1e-5"), "constant.numeric.vae");
  assert.equal(scopeOf(tokens, tour, "input x: [1, 28, 28]", "28"), "constant.numeric.vae");
  const inputLine = tour.split(/\r\n|\r|\n/).findIndex((l) => l.includes("input x: [1, 28, 28]"));
  const comment = tokens.filter((t) => t.line === inputLine && t.scopes.includes("comment.line.double-slash.vae")).map((t) => t.text).join("");
  assert.equal(comment, "// [C, H, W] image input");
  const doc = tokens.filter((t) => t.scopes.includes("comment.line.documentation.vae")).map((t) => t.text).join("");
  assert.match(doc, /Size of the latent code\./);
  const block = tokens.filter((t) => t.scopes.includes("comment.block.vae")).map((t) => t.text).join("\n");
  assert.match(block, /and may span lines\./);
  // A comment hides what looks like code inside it.
  assert.ok(!tokens.some((t) => t.text === "relu" && t.scopes.some((s) => s.startsWith("comment")) && t.scopes.includes("support.function.layer.vae")));
});

test("every example model tokenises with each layer call scoped as a layer", async () => {
  const examples = path.join(repository, "Examples");
  const files = fs.readdirSync(examples, { recursive: true }).filter((f) => f.endsWith(".vae"));
  assert.ok(files.length >= 5, `found ${files.length} example models`);
  for (const file of files) {
    const source = fs.readFileSync(path.join(examples, file), "utf8");
    const tokens = await tokenize(source);
    const layerCalls = tokens.filter((t) => /^(linear|conv2d|conv_transpose2d|relu|flatten|reshape)$/.test(t.text) && !t.scopes.some((s) => s.startsWith("comment")));
    assert.ok(layerCalls.length > 0, `${file} has layers`);
    for (const token of layerCalls) assert.equal(token.scopes[token.scopes.length - 1], "support.function.layer.vae", `${file}:${token.line + 1} ${token.text}`);
    const docs = tokens.filter((t) => t.scopes.includes("comment.line.documentation.vae"));
    assert.ok(docs.length > 0, `${file} has a /// doc comment`);
  }
});
