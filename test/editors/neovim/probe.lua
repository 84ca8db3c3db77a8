-- Test probe, run after the documented configuration (docs/editors.md) as init.lua: opens the
-- files, waits until each has the diagnostics the command line reports for it, asks for a hover
-- and for the code actions at a diagnostic, writes what Neovim got as JSON, and quits.
local files = vim.fn.json_decode(vim.env.FLOE_NVIM_FILES)
local expected = vim.fn.json_decode(vim.env.FLOE_NVIM_COUNTS)
local timeout = tonumber(vim.env.FLOE_NVIM_TIMEOUT_MS)
local out = { diagnostics = {}, clients = 0 }

for _, f in ipairs(files) do vim.cmd('edit ' .. vim.fn.fnameescape(f)) end

local function settled()
  for i, f in ipairs(files) do
    if #vim.diagnostic.get(vim.fn.bufnr(f)) ~= expected[i] then return false end
  end
  return true
end
out.settled = vim.wait(timeout, settled, 50)

for _, f in ipairs(files) do
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(vim.fn.bufnr(f))) do
    table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code, message = d.message, severity = d.severity, source = d.source })
  end
  out.diagnostics[f] = list
end
out.clients = #vim.lsp.get_active_clients()

-- The code actions at the first file's first diagnostic, and a hover.
local buf = vim.fn.bufnr(files[1])
local first = vim.diagnostic.get(buf)[1]
if first then
  local pos = { line = first.lnum, character = first.col }
  local td = { uri = vim.uri_from_bufnr(buf) }
  -- The hover: at FLOE_NVIM_HOVER = { file = <index>, line = , character = }.
  local h = vim.fn.json_decode(vim.env.FLOE_NVIM_HOVER)
  local hbuf = vim.fn.bufnr(files[h.file])
  local hover = vim.lsp.buf_request_sync(hbuf, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(hbuf) }, position = { line = h.line, character = h.character } }, timeout)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then out.hover = r.result.contents.value or r.result.contents end
  end
  local lsp = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.user_data and d.user_data.lsp then table.insert(lsp, d.user_data.lsp) end
  end
  local range = { start = pos, ['end'] = { line = first.end_lnum, character = first.end_col } }
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', { textDocument = td, range = range, context = { diagnostics = lsp } }, timeout)
  out.actions = {}
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do table.insert(out.actions, a.title) end
  end
end

local fh = io.open(vim.env.FLOE_NVIM_OUT, 'w')
fh:write(vim.fn.json_encode(out))
fh:close()
vim.cmd('qa!')
