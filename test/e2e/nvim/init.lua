-- Minimal Neovim config for `strata lsp` (no plugins), written for Neovim 0.7:
-- vim.lsp.start() and vim.fs are 0.8+, so this uses start_client +
-- buf_attach_client + findfile. Used by the headless editor test
-- (run_nvim_test.sh, check.lua); it works as a real config too.
--
--   STRATA        path of the strata binary (default: `strata` on PATH)
--   STRATA_BUILD  directory holding compile_commands.json (passed as -p);
--                 unset: strata looks for compile_commands.json next to the
--                 first source and upward
--   STRATA_ARGS   extra arguments, space-separated
--                 (e.g. --project-root=/path/to/project)
--   STRATA_WRAP   a command to start the server through, space-separated: it
--                 gets the server's command line as its last arguments (the
--                 test's frame_proxy.py, which breaks frames on purpose)
--
-- Test hooks (harmless in real use):
--   _G.strata_publishes[bufnr]  number of publishDiagnostics received for the buffer
--   _G.strata_published[bufnr]  the diagnostics of the buffer's last publish, as sent
--                               (client.stop() clears vim.diagnostic's)
--   _G.strata_clients[bufnr]    id of the strata client attached to the buffer
--                               (0.7's buf_get_clients lists it only once initialized)
--   _G.strata_exit              {code, signal, client_id} once the server has exited
--   _G.strata_round_begins      $/progress begins seen: rounds of work the server started
--   _G.strata_rounds            $/progress ends seen: rounds of work the server finished
--   _G.strata_publishes_at_round[bufnr]  the buffer's publish count at the last one
--                               (the round's own publish comes right after it; a
--                               round may publish a file earlier, from part of it)
local strata = vim.env.STRATA or 'strata'

-- A line with an error and a warning shows the error's sign and message.
vim.diagnostic.config({ severity_sort = true })
local build = vim.env.STRATA_BUILD
if build == '' then build = nil end

_G.strata_publishes = {}
_G.strata_published = {}
_G.strata_clients = {}
_G.strata_exit = nil
_G.strata_round_begins = 0
_G.strata_rounds = 0
_G.strata_publishes_at_round = {}

local clients = {} -- root_dir -> client id: one server per project

local function find_root(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, marker in ipairs({ '.strata.yaml', 'compile_commands.json' }) do
    local f = vim.fn.findfile(marker, dir .. ';')
    if f ~= '' then return vim.fn.fnamemodify(f, ':p:h') end
  end
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then return vim.fn.fnamemodify(git, ':p:h:h') end
  return nil
end

local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
local default_progress = vim.lsp.handlers['$/progress']

local function start(root)
  local cmd = vim.split(vim.env.STRATA_WRAP or '', ' ', { trimempty = true })
  vim.list_extend(cmd, { strata, 'lsp' })
  if build then vim.list_extend(cmd, { '-p', build }) end
  vim.list_extend(cmd, vim.split(vim.env.STRATA_ARGS or '', ' ', { trimempty = true }))
  return vim.lsp.start_client({
    name = 'strata',
    cmd = cmd,
    root_dir = root,
    cmd_cwd = root, -- a relative `-p build` means <root>/build, not nvim's cwd
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        local b = result and result.uri and vim.uri_to_bufnr(result.uri)
        if b then _G.strata_published[b] = result.diagnostics end
        local r = default_publish(err, result, ctx, config)
        -- counted after vim.diagnostic has the new set, so a waiter sees both
        if b then _G.strata_publishes[b] = (_G.strata_publishes[b] or 0) + 1 end
        return r
      end,
      ['$/progress'] = function(err, result, ctx, config)
        local r = default_progress and default_progress(err, result, ctx, config)
        if result and result.value and result.value.kind == 'begin' then
          _G.strata_round_begins = _G.strata_round_begins + 1
        elseif result and result.value and result.value.kind == 'end' then
          _G.strata_publishes_at_round = vim.deepcopy(_G.strata_publishes)
          _G.strata_rounds = _G.strata_rounds + 1
        end
        return r
      end,
    },
    on_exit = function(code, signal, client_id)
      _G.strata_exit = { code = code, signal = signal, client_id = client_id }
    end,
  })
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'c', 'cpp' },
  callback = function(args)
    local root = find_root(vim.api.nvim_buf_get_name(args.buf))
    if not root then return end
    local id = clients[root]
    local c = id and vim.lsp.get_client_by_id(id)
    if not c or c.is_stopped() then
      id = start(root)
      clients[root] = id
    end
    if id and vim.lsp.buf_attach_client(args.buf, id) then _G.strata_clients[args.buf] = id end
  end,
})
