-- Neovim (0.7.2 API) as a second, independent LSP client of the HIE dossier language server.
-- Run by test/e2e/neovim.test.ts:
--   nvim --headless --clean -c 'luafile test/e2e/nvim-probe.lua'
-- Reads its parameters from the environment:
--   HIE_PROBE_SERVER      path to dist/server.cjs (started as `node SERVER --stdio`)
--   HIE_PROBE_FILE        the Markdown file to open
--   HIE_PROBE_ROOT        the workspace root (root_dir and the workspace folder)
--   HIE_PROBE_TIMEOUT_MS  how long to wait for diagnostics (default 15000)
--   HIE_PROBE_SETTLE_MS   after the first non-empty publication, how long to wait for later ones (default 700)
-- Prints one line `HIE_PROBE_RESULT <json>` on stdout, json = {ok, error?, uri, diagnostics, publications,
-- serverName?}, and quits with status 0 (diagnostics received) or 1 (otherwise).

local server = os.getenv('HIE_PROBE_SERVER')
local file = os.getenv('HIE_PROBE_FILE')
local root = os.getenv('HIE_PROBE_ROOT')
local timeout = tonumber(os.getenv('HIE_PROBE_TIMEOUT_MS') or '15000')
local settle = tonumber(os.getenv('HIE_PROBE_SETTLE_MS') or '700')

local function finish(ok, payload)
  payload.ok = ok
  io.stdout:write('HIE_PROBE_RESULT ' .. vim.fn.json_encode(payload) .. '\n')
  io.stdout:flush()
  if ok then
    vim.cmd('qall!')
  else
    vim.cmd('cquit! 1')
  end
end

if not server or not file or not root then
  finish(false, { error = 'HIE_PROBE_SERVER, HIE_PROBE_FILE and HIE_PROBE_ROOT must be set' })
  return
end

local target_uri = vim.uri_from_fname(file)
local latest = nil
local latest_at = nil
local publications = 0
local exited = nil

local client_id = vim.lsp.start_client({
  name = 'hie-dossier',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, params, _, _)
      if params and params.uri == target_uri then
        publications = publications + 1
        if #params.diagnostics > 0 then
          latest = params.diagnostics
          latest_at = vim.loop.now()
        end
      end
    end,
  },
  on_exit = function(code, signal, _)
    exited = { code = code, signal = signal }
  end,
})

if not client_id then
  finish(false, { error = 'vim.lsp.start_client returned nil (is node on PATH?)' })
  return
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, client_id)

local received = vim.wait(timeout, function()
  return exited ~= nil or (latest_at ~= nil and vim.loop.now() - latest_at >= settle)
end, 50)

local client = vim.lsp.get_client_by_id(client_id)
local payload = {
  uri = target_uri,
  diagnostics = latest or {},
  publications = publications,
  serverName = vim.NIL,
}
if client and client.server_info and client.server_info.name then
  payload.serverName = client.server_info.name
end

if exited ~= nil and latest == nil then
  payload.error = 'the language server exited (code ' .. tostring(exited.code) .. ') before publishing diagnostics'
  finish(false, payload)
elseif not received or latest == nil then
  payload.error = 'no non-empty textDocument/publishDiagnostics for ' .. target_uri .. ' within ' .. timeout .. ' ms'
  finish(false, payload)
else
  vim.lsp.stop_client(client_id)
  finish(true, payload)
end
