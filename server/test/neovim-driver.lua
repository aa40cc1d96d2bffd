-- Drives a headless Neovim for server/test/neovim.test.ts, after the README's snippet (the -u init.lua) has
-- started the language server for the file opened on the command line: waits for its diagnostics, asks for
-- a hover on the span call of the first one and for its code actions, runs :SpanKindFixAll, and writes
-- what it saw as JSON to $SPANKIND_NVIM_RESULT, then quits. Written for Neovim 0.7 and later alike.
local result = { version = string.format('%d.%d.%d', vim.version().major, vim.version().minor, vim.version().patch) }
local TIMEOUT = tonumber(vim.env.SPANKIND_NVIM_TIMEOUT_MS or '30000')

local function clients_of(buf)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = buf }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end

local function own_diagnostics(buf)
  return vim.tbl_filter(function(d) return d.source == 'spankind' end, vim.diagnostic.get(buf))
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  if not vim.wait(TIMEOUT, function() return #own_diagnostics(buf) > 0 end, 50) then
    result.clients = #clients_of(buf)
    error('no diagnostics from the server within ' .. TIMEOUT .. ' ms')
  end
  local clients = clients_of(buf)
  result.clients = #clients
  result.client_name = clients[1] and clients[1].name

  local diagnostics = own_diagnostics(buf)
  table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
  result.diagnostics = {}
  for _, d in ipairs(diagnostics) do
    table.insert(result.diagnostics, {
      line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
      message = d.message, code = d.code, severity = d.severity,
    })
  end

  -- Hover on the span call (the method name, e.g. startActiveSpan) of the first finding's line or the line
  -- before it: the span name may sit on the line after the call.
  local first = diagnostics[1]
  local uri = vim.uri_from_bufnr(buf)
  local call_line, call_col
  for line = first.lnum, math.max(first.lnum - 1, 0), -1 do
    local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
    local at = text:find('start%a*Span')
    if at then call_line, call_col = line, at + 1 break end
  end
  result.hover_position = call_line and { line = call_line, character = call_col }
  if call_line then
    local replies = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
      { textDocument = { uri = uri }, position = { line = call_line, character = call_col } }, TIMEOUT)
    result.hover = {}
    for _, reply in pairs(replies or {}) do
      if reply.result then table.insert(result.hover, reply.result.contents) end
    end
  end

  -- The code actions on the first finding, as the editor asks for them (its range and the diagnostic).
  local range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } }
  local replies = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = { { range = range, message = first.message, code = first.code, source = first.source, severity = first.severity } } },
  }, TIMEOUT)
  result.actions = {}
  for _, reply in pairs(replies or {}) do
    for _, action in ipairs(reply.result or {}) do table.insert(result.actions, { title = action.title, kind = action.kind }) end
  end

  -- :SpanKindFixAll. Where Neovim asks which action to apply (0.7), answer as a person does: "Fix all span kinds".
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action and action.title)
      if action and action.title == 'Fix all span kinds' then return on_choice(item, i) end
    end
    on_choice(nil, nil)
  end
  local before = vim.api.nvim_buf_get_changedtick(buf)
  vim.cmd('SpanKindFixAll')
  local changed = vim.wait(TIMEOUT, function() return vim.api.nvim_buf_get_changedtick(buf) ~= before end, 50)
  result.fix_all_offered = offered
  result.fix_all_changed = changed
  if changed then
    -- The server checks the fixed text again: wait for its diagnostics of the new version.
    vim.wait(TIMEOUT, function()
      for _, d in ipairs(own_diagnostics(buf)) do
        if d.code == 'spankind/missing-kind' or d.code == 'spankind/wrong-kind' then return false end
      end
      return true
    end, 50)
    result.after_fix_all = {}
    for _, d in ipairs(own_diagnostics(buf)) do table.insert(result.after_fix_all, d.code) end
    result.fixed_lines = vim.api.nvim_buf_get_lines(buf, first.lnum - 1, first.end_lnum + 3, false)
  end
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
local file = assert(io.open(vim.env.SPANKIND_NVIM_RESULT, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
