-- Neovim as a client of the language server, run by neovim.test.mjs:
--   nvim --headless --clean -u test/neovim/init.lua FILE
-- It starts `node dist/server.js --stdio` for FILE's buffer, waits for the CIS Docker 1.8.0 §1.1.4
-- diagnostic, asks for its code actions, applies the /run/containerd quick fix, waits for the
-- diagnostic to go, and writes what it saw as JSON to $AUDITD_NVIM_RESULT. Any failure quits with
-- :cquit. Works on Neovim 0.7 (vim.lsp.start_client) and later (vim.lsp.start).
local SERVER = assert(os.getenv('AUDITD_SERVER'), 'AUDITD_SERVER: the path of dist/server.js')
local NODE = os.getenv('AUDITD_NODE') or 'node'
local RESULT = assert(os.getenv('AUDITD_NVIM_RESULT'), 'AUDITD_NVIM_RESULT: where to write the result')
local CODE = 'cis-docker-1.1.4'
local FIX = 'Add audit rule for /run/containerd (CIS Docker 1.8.0 §1.1.4)'
-- Each wait is for a condition; this only bounds it.
local TIMEOUT_MS = tonumber(os.getenv('AUDITD_NVIM_TIMEOUT_MS') or '15000')

local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local function finish(err)
  result.error = err
  vim.fn.writefile({ vim.fn.json_encode(result) }, RESULT)
  vim.cmd(err and 'cquit!' or 'qall!')
end

local function codes(bufnr)
  return vim.tbl_map(function(d) return d.code end, vim.diagnostic.get(bufnr))
end

local function find(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == CODE then return d end
  end
end

--- The diagnostic as the server sent it. Neovim 0.8+ keeps all of it in user_data.lsp; 0.7 keeps
--- the data (which the quick fix needs) but not the range, which is rebuilt in UTF-16 units.
local function as_lsp(bufnr, d)
  local lsp = d.user_data and d.user_data.lsp or {}
  if lsp.range then return lsp end
  local function position(lnum, col)
    local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ''
    local _, utf16 = vim.str_utfindex(line, math.min(col, #line))
    return { line = lnum, character = utf16 }
  end
  return vim.tbl_extend('keep', {
    range = { start = position(d.lnum, d.col), ['end'] = position(d.end_lnum, d.end_col) },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = d.code,
  }, lsp)
end

local function wait_for(what, condition, client_exited)
  if not vim.wait(TIMEOUT_MS, function() return condition() or client_exited() end, 20) or client_exited() then
    error(what .. (client_exited() and ': the server exited' or (': not within ' .. TIMEOUT_MS .. ' ms')))
  end
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  local exited = false
  local config = {
    name = 'auditd',
    cmd = { NODE, SERVER, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    get_language_id = function() return 'auditd' end,
    on_exit = function() exited = true end,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
  else
    vim.lsp.buf_attach_client(bufnr, vim.lsp.start_client(config))
  end
  local client_exited = function() return exited end

  wait_for('the ' .. CODE .. ' diagnostic', function() return find(bufnr) ~= nil end, client_exited)
  result.before = codes(bufnr)
  local diagnostic = as_lsp(bufnr, find(bufnr))
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic } },
  }
  local responses = assert(vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT_MS))
  result.actions = {}
  local fix
  for _, response in pairs(responses) do
    assert(not response.error, vim.inspect(response.error))
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, action.title)
      if action.title == FIX then fix = action end
    end
  end
  assert(fix, 'no code action titled ' .. FIX)
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')

  wait_for('the ' .. CODE .. ' diagnostic to go', function() return find(bufnr) == nil end, client_exited)
  result.after = codes(bufnr)
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(run, debug.traceback)
    finish(not ok and tostring(err) or nil)
  end,
})
