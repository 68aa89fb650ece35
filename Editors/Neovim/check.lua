-- Drives `vae lsp` with Neovim's own LSP client (0.7 or later), headless: opens a model with a misspelt layer,
-- waits for its diagnostic, asks for a hover on the first conv2d and for completion inside the encoder, and
-- prints what the editor received. Run by check.sh; exits with 1 when an answer is missing or wrong.
local server = vim.env.VAE_LSP_COMMAND and vim.split(vim.env.VAE_LSP_COMMAND, " ") or { "vae", "lsp" }
local file = vim.env.VAE_CHECK_FILE
local failures = 0

local function check(ok, what)
  print((ok and "ok   " or "FAIL ") .. what)
  if not ok then failures = failures + 1 end
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.bo.filetype = "vae"
local buffer = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = "vae", cmd = server, root_dir = vim.fn.getcwd() })
check(client_id ~= nil, "the server starts")
vim.lsp.buf_attach_client(buffer, client_id)

local got = vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
local diagnostics = vim.diagnostic.get(buffer)
check(got, "diagnostics arrive")
if got then
  local first = diagnostics[1]
  print(string.format("     %d:%d %s %s", first.lnum + 1, first.col + 1, first.code or "", first.message))
  check(first.code == "VAE0102" and first.message:find("conv2x", 1, true) ~= nil, "the misspelt layer is VAE0102 at its place")
end

local client = vim.lsp.get_client_by_id(client_id)
local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
local function position_of(text)
  for index, line in ipairs(lines) do
    local column = line:find(text, 1, true)
    if column then return { line = index - 1, character = column } end
  end
end

local hover = client.request_sync("textDocument/hover", {
  textDocument = vim.lsp.util.make_text_document_params(buffer),
  position = position_of("conv2d"),
}, 10000, buffer)
local value = hover and hover.result and hover.result.contents.value or ""
print("     hover: " .. value:gsub("\n", " "):sub(1, 160))
check(value:find("[1, 28, 28] -> [32, 14, 14]", 1, true) ~= nil, "hover on the first conv2d shows its shapes")

local flatten = position_of("flatten")
local completion = client.request_sync("textDocument/completion", {
  textDocument = vim.lsp.util.make_text_document_params(buffer),
  position = { line = flatten.line, character = flatten.character - 1 },
}, 10000, buffer)
local labels = {}
for _, item in ipairs(completion and completion.result and completion.result.items or {}) do labels[item.label] = true end
check(labels["conv2d"] and labels["linear"] and labels["relu"], "completion inside the encoder offers the layers")

client.stop()
vim.cmd((failures == 0) and "qall!" or "cquit!")
