-- Headless editor test of `strata lsp` in Neovim 0.7 (loaded with init.lua).
-- Started by run_nvim_test.sh as
--   nvim --headless -n -i NONE -u init.lua FILE -c 'luafile check.lua'
--
--   STRATA_EXPECT      JSON file with the expectations (see tangled.json):
--                        count    number of diagnostics in FILE
--                        ranges   [{code, lnum, col, end_col[, end_lnum][, severity]
--                                 [, message]}], 0-based as vim.diagnostic gives
--                                 them; each must exist (severity: 1 error to 4
--                                 hint; message: a part of it; no code: a
--                                 diagnostic without one)
--                        action   optional: {lnum, title, line_after | lines_removed,
--                                 gone_code}
--                        request_in_round  optional: {save, lnum, title}: saving
--                                 the file `save` starts a round; a code action
--                                 request on line lnum, sent once the round has
--                                 begun, is answered before it ends, with `title`
--                        saves    optional: {during, count, max_rounds, after}:
--                                 while the round of a save of `during` runs,
--                                 `count` writes of FILE without waiting, each
--                                 adding a line on top; at most max_rounds rounds
--                                 end after them, and the editor ends up showing
--                                 `after` ({count, ranges}, for the last content)
--                        proxy    optional: {inject: [{before, frame, stderr}]}, see
--                                 frame_proxy.py: each frame is injected, and the
--                                 server's stderr has each `stderr` line once and
--                                 no other line but its rounds'
--                        saved_text  optional: {line, after}: a save of FILE with
--                                 `line` added on top, its file on disk rewritten
--                                 with the content before the save at once; the
--                                 editor ends up showing `after` ({count, ranges})
--                        create   optional: files run_nvim_test.sh writes first
--                      A negative number is a placeholder: it fails, saying what
--                      the editor shows instead.
--   STRATA_OUT         where to write the JSON capture of what the editor showed
--   STRATA_SERVER_STDERR, STRATA_INJECTED  with a proxy: the files it writes
--   STRATA_TIMEOUT_MS  how long to wait for a publishDiagnostics or a reply
--                      (default 30000)
--   STRATA_WATCHDOG_MS whole-run deadline (default 2 * timeout + 20000)
--
-- Exit codes: 0 pass; 1 an assertion failed (one line on stderr); 2 no
-- publishDiagnostics in time; 3 watchdog; 4 Lua error (harness or expectation file).
local timeout = tonumber(vim.env.STRATA_TIMEOUT_MS or '') or 30000
local watchdog_ms = tonumber(vim.env.STRATA_WATCHDOG_MS or '') or (2 * timeout + 20000)
local out_path = vim.env.STRATA_OUT
local expect_path = vim.env.STRATA_EXPECT
local max_message = 120

local buf = vim.api.nvim_get_current_buf()
local v = vim.version()
local capture = {
  nvim = ('%d.%d.%d'):format(v.major, v.minor, v.patch),
  file = vim.api.nvim_buf_get_name(buf),
  expect = expect_path,
  result = 'running',
}
local client
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end

local FAIL = {} -- marker of an assertion failure raised with error()
local function fail(code, msg) error({ [FAIL] = true, code = code, msg = msg }, 0) end
local function nonil(x) if x == vim.NIL then return nil end return x end
local function oneline(s, n)
  s = tostring(s):gsub('[\r\n]+', ' ')
  if n and #s > n then s = s:sub(1, n) .. '...' end
  return s
end

local function write_capture()
  if not out_path or out_path == '' then return end
  local f = io.open(out_path, 'w')
  if not f then
    io.stderr:write('check.lua: cannot write STRATA_OUT ' .. out_path .. '\n')
    return
  end
  f:write(vim.json.encode(capture), '\n')
  f:close()
end

-- Checks that need the server gone: it answers shutdown only once its
-- rounds have run to the end, and the editor handles messages in the order
-- they came, so every round's $/progress has been counted; its stderr is
-- whole.
local after_stop = {}

-- An error raised in a step, as {code, msg[, trace]}.
local function caught(e)
  if type(e) == 'table' and e[FAIL] then return e end
  return { code = 4, msg = 'LUA ERROR ' .. tostring(e), trace = debug.traceback() }
end

local function stop_client()
  if client and not client.is_stopped() then client.stop() end
  if client then
    vim.wait(10000, function() return _G.strata_exit ~= nil end, 20)
  end
  capture.server_exit = _G.strata_exit or vim.NIL
end

local watchdog = vim.loop.new_timer()
local done = false
local function finish(code, msg, stop)
  if done then return end
  done = true
  watchdog:stop()
  if stop then
    stop_client()
    if code == 0 then
      local e = _G.strata_exit
      if not e then
        code, msg = 1, 'the server did not exit within 10000 ms of shutdown/exit'
      elseif e.code ~= 0 or e.signal ~= 0 then
        code, msg = 1, ('the server exited with code %d, signal %d after shutdown/exit'):format(e.code, e.signal)
      end
    end
    for _, check in ipairs(code == 0 and after_stop or {}) do
      local ok, err = xpcall(check, caught)
      if not ok then
        code, msg, capture.traceback = err.code, err.msg, err.trace
        break
      end
    end
  end
  capture.result = code == 0 and 'pass' or 'fail'
  capture.exit_code = code
  capture.failure = msg or vim.NIL
  capture.elapsed_ms = ms()
  write_capture()
  if code == 0 then
    io.stderr:write(('check.lua: PASS %s (%d ms)\n'):format(capture.file, capture.elapsed_ms))
    vim.cmd('qa!')
  else
    io.stderr:write('check.lua: ' .. oneline(msg) .. '\n')
    vim.cmd('cquit ' .. code)
  end
end

-- The editor's own notices ("Client 1 quit with exit code 1 ...") on lines
-- of their own: headless 0.7 writes them to stderr without a newline.
vim.notify = function(msg, level)
  io.stderr:write(('nvim: %s\n'):format(oneline(msg)))
end

-- Fires even while the script waits (vim.wait runs the event loop). No
-- graceful stop here: cquit's VimLeavePre stops the client.
watchdog:start(watchdog_ms, 0, vim.schedule_wrap(function()
  finish(3, ('FAIL watchdog: no result within %d ms'):format(watchdog_ms), false)
end))

local function read_json(path)
  local f = assert(io.open(path, 'r'), 'cannot read STRATA_EXPECT ' .. tostring(path))
  local text = f:read('*a')
  f:close()
  local ok, res = pcall(vim.json.decode, text)
  assert(ok, 'STRATA_EXPECT ' .. path .. ' is not JSON: ' .. tostring(res))
  return res
end

local function placeholder(x) return type(x) ~= 'number' or x < 0 end

local function strata_diags()
  local ns = vim.lsp.diagnostic.get_namespace(client.id)
  local list = vim.diagnostic.get(buf, { namespace = ns })
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    if tostring(a.code) ~= tostring(b.code) then return tostring(a.code) < tostring(b.code) end
    return a.message < b.message
  end)
  return list
end

local function record(list)
  local out = {}
  for _, d in ipairs(list) do
    local lsp = d.user_data and d.user_data.lsp or {}
    local rel = nonil(lsp.relatedInformation)
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code or vim.NIL, message = d.message,
      related_count = type(rel) == 'table' and #rel or 0,
    })
  end
  return out
end

local function describe(d)
  return ('[%s] %d:%d-%d:%d'):format(tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col)
end

-- Step 2: the diagnostics as the editor shows them.
local function check_diagnostics(expect, list)
  local failures = {}
  local function add(s) table.insert(failures, s) end

  if placeholder(expect.count) then
    add(('count is a placeholder (%s) in %s: the editor shows %d diagnostics')
      :format(tostring(nonil(expect.count)), expect_path, #list))
  elseif #list ~= expect.count then
    add(('count: the editor shows %d diagnostics, expected %d'):format(#list, expect.count))
  end

  local seen, dups, dup_first, dup_n = {}, 0, nil, 0
  for _, d in ipairs(list) do
    local key = tostring(d.code) .. '\0' .. d.message
    seen[key] = (seen[key] or 0) + 1
  end
  for key, n in pairs(seen) do
    if n > 1 then
      dups = dups + 1
      if n > dup_n then dup_first, dup_n = key, n end
    end
  end
  if dups > 0 then
    local code, msg = dup_first:match('^(.-)%z(.*)$')
    add(('%d (code, message) pairs appear more than once, the most %d times: [%s] "%s"')
      :format(dups, dup_n, code, oneline(msg, 60)))
  end

  local long, longest, nl = 0, nil, nil
  for _, d in ipairs(list) do
    local n = vim.fn.strchars(d.message)
    if n > max_message then
      long = long + 1
      if not longest or n > vim.fn.strchars(longest.message) then longest = d end
    end
    if not nl and d.message:find('[\r\n]') then nl = d end
  end
  if long > 0 then
    add(('%d messages are longer than %d characters, the longest %d: %s "%s"')
      :format(long, max_message, vim.fn.strchars(longest.message), describe(longest), oneline(longest.message, 60)))
  end
  if nl then add(('a message has a newline: %s "%s"'):format(describe(nl), oneline(nl.message, 60))) end

  for i, r in ipairs(nonil(expect.ranges) or {}) do
    local end_lnum = nonil(r.end_lnum) or r.lnum
    local severity, message = nonil(r.severity), nonil(r.message)
    -- what the expectation asks about, as the editor has it
    local function show(d)
      return describe(d) .. (severity and (' severity %d'):format(d.severity) or '')
        .. (message and (' "%s"'):format(oneline(d.message, 60)) or '')
    end
    local on_line = {}
    for _, d in ipairs(list) do
      if d.lnum == r.lnum then table.insert(on_line, show(d)) end
    end
    local have = #on_line > 0 and table.concat(on_line, ', ') or 'none'
    if placeholder(r.lnum) or placeholder(r.col) or placeholder(r.end_col) or placeholder(end_lnum) then
      add(('ranges[%d] [%s] is a placeholder (lnum %s, col %s, end_col %s); on line %s the editor has: %s')
        :format(i, tostring(r.code), tostring(nonil(r.lnum)), tostring(nonil(r.col)),
          tostring(nonil(r.end_col)), tostring(nonil(r.lnum)), have))
    else
      local found = false
      for _, d in ipairs(list) do
        if d.code == nonil(r.code) and d.lnum == r.lnum and d.col == r.col
            and d.end_lnum == end_lnum and d.end_col == r.end_col
            and (severity == nil or d.severity == severity)
            and (message == nil or d.message:find(message, 1, true)) then
          found = true
        end
      end
      if not found then
        add(('ranges[%d]: no [%s] %d:%d-%d:%d%s%s; on line %d the editor has: %s')
          :format(i, tostring(nonil(r.code)), r.lnum, r.col, end_lnum, r.end_col,
            severity and (' severity %d'):format(severity) or '',
            message and (' "...%s..."'):format(message) or '', r.lnum, have))
      end
    end
  end
  return failures
end

-- A vim.diagnostic entry back in LSP shape. 0.7 keeps only code,
-- codeDescription, tags, relatedInformation and data in user_data.lsp, so the
-- range, severity, message and source are rebuilt (columns back to UTF-16).
local function to_lsp(d)
  local function character(lnum, col)
    local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
    if not line then return col end
    local _, u16 = vim.str_utfindex(line, math.min(col, #line))
    return u16
  end
  local lsp = d.user_data and d.user_data.lsp or {}
  local out = {
    range = {
      start = { line = d.lnum, character = character(d.lnum, d.col) },
      ['end'] = { line = d.end_lnum, character = character(d.end_lnum, d.end_col) },
    },
    severity = d.severity, message = d.message, source = d.source, code = d.code,
  }
  for _, k in ipairs({ 'codeDescription', 'tags', 'relatedInformation', 'data' }) do
    if nonil(lsp[k]) ~= nil then out[k] = lsp[k] end
  end
  return out
end

local function same_file(uri, b)
  local a = vim.loop.fs_realpath(vim.uri_to_fname(uri)) or vim.uri_to_fname(uri)
  local n = vim.loop.fs_realpath(vim.api.nvim_buf_get_name(b)) or vim.api.nvim_buf_get_name(b)
  return a == n
end

local function wait_publish(after, what)
  local t = vim.loop.hrtime()
  -- also stops early when the server has exited: no publish can come any more
  vim.wait(timeout, function() return (_G.strata_publishes[buf] or 0) > after or _G.strata_exit ~= nil end, 20)
  if (_G.strata_publishes[buf] or 0) <= after then
    local file = capture.file
    if _G.strata_exit then
      fail(2, ('NO PUBLISH: no publishDiagnostics%s for %s: the server exited with code %d, signal %d')
        :format(what, file, _G.strata_exit.code, _G.strata_exit.signal))
    end
    fail(2, ('NO PUBLISH: no publishDiagnostics%s for %s within %d ms%s'):format(what, file, timeout,
      client and '' or '; no strata client is attached to the buffer'))
  end
  return math.floor((vim.loop.hrtime() - t) / 1e6)
end

-- A codeAction request's params for line lnum of the buffer, as the editor
-- makes them (the cursor at the line's start, the line's diagnostics as
-- context), and those diagnostics. REQUIRES: the current window shows buf.
local function action_params(lnum)
  local on_line = vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(client.id), lnum = lnum })
  local context = {}
  for _, d in ipairs(on_line) do table.insert(context, to_lsp(d)) end
  vim.api.nvim_win_set_cursor(0, { lnum + 1, 0 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = context }
  return params, on_line
end

-- The quoted titles of a codeAction reply's actions, and the first action
-- whose title starts with \p title (nil when none does).
local function find_action(actions, title)
  local titles, chosen = {}, nil
  for _, act in ipairs(actions) do
    local t = nonil(act.title)
    table.insert(titles, '"' .. tostring(t) .. '"')
    if not chosen and type(t) == 'string' and vim.startswith(t, title) then chosen = act end
  end
  return titles, chosen
end

-- Step 3: the code action on expect.action.lnum, applied and saved.
local function check_action(a)
  local lnum = a.lnum
  local rec = { lnum = lnum, title = a.title }
  capture.action = rec
  local caps = client.server_capabilities or {}
  if not nonil(caps.codeActionProvider) then
    fail(1, 'FAIL the server does not advertise codeActionProvider (capabilities: '
      .. vim.json.encode(caps) .. ')')
  end

  local params, on_line = action_params(lnum)
  local has_gone = false
  for _, d in ipairs(on_line) do
    if d.code == a.gone_code then has_gone = true end
  end
  rec.context_diagnostics = #on_line
  if a.gone_code and not has_gone then
    fail(1, ('FAIL before the action there is no [%s] diagnostic on line %d'):format(a.gone_code, lnum))
  end

  local t = vim.loop.hrtime()
  local resp, err = client.request_sync('textDocument/codeAction', params, timeout, buf)
  rec.reply_ms = math.floor((vim.loop.hrtime() - t) / 1e6)
  if not resp then
    fail(1, ('FAIL textDocument/codeAction on line %d: no reply within %d ms (%s)')
      :format(lnum, timeout, tostring(err)))
  end
  if nonil(resp.err) then
    fail(1, ('FAIL textDocument/codeAction on line %d: error %s: %s')
      :format(lnum, tostring(resp.err.code), tostring(resp.err.message)))
  end
  local actions = nonil(resp.result) or {}
  local titles, chosen = find_action(actions, a.title)
  rec.titles = titles
  if not chosen then
    fail(1, ('FAIL no code action titled "%s..." on line %d; the server offers %d: %s')
      :format(a.title, lnum, #actions, #titles > 0 and table.concat(titles, ', ') or 'none'))
  end
  rec.chosen = vim.deepcopy(chosen) -- apply_workspace_edit adds _index to the edits
  if chosen.kind ~= 'quickfix' then
    fail(1, ('FAIL code action "%s" has kind %s, expected "quickfix"'):format(chosen.title, tostring(nonil(chosen.kind))))
  end
  local edit = nonil(chosen.edit)
  local changes = type(edit) == 'table' and nonil(edit.changes) or nil
  if type(changes) ~= 'table' then
    fail(1, ('FAIL code action "%s" has no edit with a changes map (a WorkspaceEdit)'):format(chosen.title))
  end
  local here = false
  for uri, edits in pairs(changes) do
    if type(edits) ~= 'table' then
      fail(1, ('FAIL code action "%s": changes[%s] is not a list of TextEdits'):format(chosen.title, uri))
    end
    if same_file(uri, buf) and #edits > 0 then here = true end
  end
  if not here then
    fail(1, ('FAIL code action "%s" does not edit %s'):format(chosen.title, vim.uri_from_bufnr(buf)))
  end

  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  local after = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  rec.line_after = after[lnum + 1] or vim.NIL
  rec.lines_removed = #before - #after

  local line_after, lines_removed = nonil(a.line_after), nonil(a.lines_removed)
  if line_after == nil and lines_removed == nil then
    error('action in ' .. expect_path .. ' needs line_after or lines_removed')
  end
  local ok_line = line_after ~= nil and after[lnum + 1] == line_after
  -- lines_removed: exactly the lines lnum .. lnum+N-1 are gone, the rest is as it was
  local ok_removed = false
  if lines_removed ~= nil and #before - #after == lines_removed then
    ok_removed = true
    for i = 1, #after do
      local j = i <= lnum and i or i + lines_removed
      if after[i] ~= before[j] then ok_removed = false break end
    end
  end
  if not (ok_line or ok_removed) then
    local parts = {}
    if line_after ~= nil then
      table.insert(parts, ('line %d is "%s", expected "%s"'):format(lnum, oneline(after[lnum + 1] or '<none>', 60), line_after))
    end
    if lines_removed ~= nil then
      table.insert(parts, ('%d lines removed, expected exactly lines %d..%d (%d)')
        :format(#before - #after, lnum, lnum + lines_removed - 1, lines_removed))
    end
    fail(1, ('FAIL after applying "%s": %s'):format(chosen.title, table.concat(parts, ' or ')))
  end

  local n = _G.strata_publishes[buf] or 0
  vim.cmd('silent write')
  for _, b in ipairs(vim.api.nvim_list_bufs()) do -- an edit that touched other files
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified then vim.cmd('silent wall') break end
  end
  rec.republish_ms = wait_publish(n, ' after :write')
  local list = strata_diags()
  capture.after = { publishes = _G.strata_publishes[buf], count = #list, diagnostics = record(list) }
  if a.gone_code then
    for _, d in ipairs(list) do
      if d.code == a.gone_code and d.lnum == lnum then
        fail(1, ('FAIL after the action and :write, %s is still there: "%s"'):format(describe(d), oneline(d.message, 60)))
      end
    end
  end
end

-- Saves \p path, a header most TUs read, from a split window: a round long
-- enough for what the caller does next (seconds, not milliseconds). Returns
-- once the editor has the round's $/progress begin, with the number of
-- rounds ended before it and the time of the save.
local function start_long_round(path)
  local begins, rounds = _G.strata_round_begins, _G.strata_rounds
  vim.cmd('silent split ' .. vim.fn.fnameescape(path))
  vim.cmd('silent write')
  vim.cmd('wincmd p')
  local t = vim.loop.hrtime()
  -- polled every millisecond: each one waited is cut from the caller's time
  vim.wait(timeout, function() return _G.strata_round_begins > begins or _G.strata_exit ~= nil end, 1)
  if _G.strata_round_begins == begins then
    fail(1, ('FAIL no $/progress begin within %d ms of saving %s'):format(timeout, path))
  end
  if _G.strata_rounds > rounds then
    fail(1, ('FAIL the round of %s ended before the editor could go on (%d ms after the save): '
      .. 'this test needs a longer one'):format(path, math.floor((vim.loop.hrtime() - t) / 1e6)))
  end
  return rounds, t
end

-- Step 4: a code action request while a round runs: once the editor has the
-- $/progress begin of r.save's round, it asks for the actions of line
-- r.lnum of FILE. The reply, from the last finished round, must come before
-- the round's end: the handlers see messages in the order the server sent
-- them.
local function check_request_in_round(r)
  local rec = { save = r.save, lnum = r.lnum, title = r.title }
  capture.request_in_round = rec
  local rounds, t = start_long_round(r.save)
  local function since() return math.floor((vim.loop.hrtime() - t) / 1e6) end
  rec.begin_ms = since()
  local reply
  local sent = client.request('textDocument/codeAction', action_params(r.lnum), function(err, result)
    reply = { err = err, result = result, rounds = _G.strata_rounds }
  end, buf)
  if not sent then fail(1, 'FAIL the editor could not send textDocument/codeAction') end
  vim.wait(timeout, function() return reply ~= nil or _G.strata_exit ~= nil end, 1)
  rec.reply_ms = since()
  if not reply then
    fail(1, ('FAIL textDocument/codeAction on line %d: no reply within %d ms of the save%s')
      :format(r.lnum, timeout, _G.strata_rounds > rounds and ' (the round has ended)' or ''))
  end
  if nonil(reply.err) then
    fail(1, ('FAIL textDocument/codeAction on line %d: error %s'):format(r.lnum, tostring(reply.err)))
  end
  local titles, chosen = find_action(nonil(reply.result) or {}, r.title)
  rec.titles = titles
  if reply.rounds > rounds then
    fail(1, ('FAIL the reply to textDocument/codeAction came after the $/progress end of the '
      .. 'round that saving %s started: it waited for the round'):format(r.save))
  end
  if not chosen then
    fail(1, ('FAIL no code action titled "%s..." on line %d during the round; the server offers %d: %s')
      :format(r.title, r.lnum, #titles, #titles > 0 and table.concat(titles, ', ') or 'none'))
  end
  -- for the capture: how long the round went on after the reply
  vim.wait(timeout, function() return _G.strata_rounds > rounds or _G.strata_exit ~= nil end, 20)
  rec.round_end_ms = _G.strata_rounds > rounds and since() or vim.NIL
end

-- LSP diagnostics as sent, in short: "[code] line:character-line:character", sorted.
local function summary(list)
  local out = {}
  for _, d in ipairs(nonil(list) or {}) do
    local r = d.range
    table.insert(out, ('[%s] %d:%d-%d:%d'):format(tostring(nonil(d.code)), r.start.line,
      r.start.character, r['end'].line, r['end'].character))
  end
  table.sort(out)
  return table.concat(out, ', ')
end

-- Step 5: s.count writes of FILE in a row, without waiting, each adding a
-- comment line on top: only the last content has the diagnostics s.count
-- lines down (s.after). They are made while s.during's round runs: a round
-- that starts on the first of them reads FILE while the editor rewrites
-- it, can end within milliseconds on a half-written file, and the saves
-- then span three rounds or more however well the server coalesces. So
-- they all come while the server is busy, and make one round after it: the
-- rounds that end after the saves are counted once the server has stopped
-- (after_stop), since its shutdown runs them to the end.
-- Waits until a round that ends after `rounds` have has the editor show
-- `after` ({count, ranges}); records in rec what it shows. Returns the
-- failures of the last check (none when it does). The editor shows a round's
-- diagnostics from its end, not from a round still running: it publishes
-- again at its end.
local function settle(after, rounds, t, rec)
  local failures = { 'no round ended' }
  vim.wait(timeout, function()
    if _G.strata_exit then return true end
    if _G.strata_rounds == rounds or _G.strata_round_begins ~= _G.strata_rounds
        or (_G.strata_publishes[buf] or 0) <= (_G.strata_publishes_at_round[buf] or 0) then
      return false
    end
    failures = check_diagnostics(after, strata_diags())
    return #failures == 0
  end, 20)
  local list = strata_diags()
  rec.settled_ms = math.floor((vim.loop.hrtime() - t) / 1e6)
  rec.count_after = #list
  rec.diagnostics = record(list)
  return failures
end

local function check_saves(s)
  local rec = { count = s.count, max_rounds = s.max_rounds, during = s.during }
  capture.saves = rec
  local rounds, t0 = start_long_round(s.during)
  local begins = _G.strata_round_begins
  local t = vim.loop.hrtime()
  rec.begin_ms = math.floor((t - t0) / 1e6)
  for k = 1, s.count do
    vim.api.nvim_buf_set_lines(buf, 0, 0, false, { ('// save %d'):format(k) })
    vim.cmd('silent write')
  end
  rec.writes_ms = math.floor((vim.loop.hrtime() - t) / 1e6)
  local failures = settle(s.after, rounds, t, rec)
  if #failures > 0 then
    fail(1, ('FAIL after %d saves, no round published the last content\'s diagnostics within %d ms '
      .. '(%d rounds ended): %s'):format(s.count, timeout, _G.strata_rounds - rounds,
        table.concat(failures, '; ')))
  end
  local shown = summary(_G.strata_published[buf])

  table.insert(after_stop, function()
    local n = _G.strata_rounds - rounds
    rec.rounds, rec.rounds_begun = n, _G.strata_round_begins - begins
    rec.last_published = summary(_G.strata_published[buf])
    if n < 1 or n > s.max_rounds then
      fail(1, ('FAIL %d saves in a row made %d rounds end after them ($/progress ends), expected 1 to %d')
        :format(s.count, n, s.max_rounds))
    end
    if rec.last_published ~= shown then
      fail(1, ('FAIL a later round published %s, after the editor had shown the last content\'s %s')
        :format(rec.last_published, shown))
    end
  end)
end

local function read_lines(path)
  local f = io.open(path or '', 'r')
  if not f then return nil end
  local lines = {}
  for line in f:lines() do table.insert(lines, line) end
  f:close()
  return lines
end

-- Step 6: a save of FILE with s.line added on top, whose file on disk is
-- rewritten with the content before it as soon as the editor has written
-- it (a BufWritePost after the client's didSave, like another write of the
-- file starting at once). The server parses the text the save sent
-- (save.includeText), so the editor ends up showing s.after, the saved
-- content's diagnostics, not the disk's.
local function check_saved_text(s)
  local rec = {}
  capture.saved_text = rec
  local path = vim.api.nvim_buf_get_name(buf)
  local before = assert(read_lines(path), 'cannot read ' .. path)
  vim.api.nvim_create_autocmd('BufWritePost', { buffer = buf, once = true, callback = function()
    local f = assert(io.open(path, 'w'))
    f:write(table.concat(before, '\n'), '\n')
    f:close()
  end })
  local rounds = _G.strata_rounds
  local t = vim.loop.hrtime()
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { s.line })
  vim.cmd('silent write')
  local on_disk = read_lines(path) or {}
  rec.disk_lines, rec.buffer_lines = #on_disk, vim.api.nvim_buf_line_count(buf)
  if rec.disk_lines ~= #before then
    fail(1, ('FAIL the file on disk has %d lines after the rewrite, expected the %d of before the save')
      :format(rec.disk_lines, #before))
  end
  local failures = settle(s.after, rounds, t, rec)
  if #failures > 0 then
    fail(1, ('FAIL after a save whose file on disk was rewritten at once, the editor does not show '
      .. 'the saved content\'s diagnostics within %d ms: %s'):format(timeout, table.concat(failures, '; ')))
  end
end

-- After the server's exit: frame_proxy.py injected each of p.inject's
-- frames, and the server said one line about each (its `stderr`), in order;
-- its other lines are only its rounds'.
local function check_proxy(p)
  local rec = {}
  capture.proxy = rec
  local injected = read_lines(vim.env.STRATA_INJECTED)
  local stderr = read_lines(vim.env.STRATA_SERVER_STDERR)
  rec.injected, rec.server_stderr = injected or vim.NIL, stderr or vim.NIL
  if not injected or not stderr then
    fail(1, ('FAIL the proxy wrote no %s: was the server started through frame_proxy.py?')
      :format(injected and 'STRATA_SERVER_STDERR' or 'STRATA_INJECTED'))
  end
  local before, want = {}, {}
  for _, e in ipairs(p.inject) do
    table.insert(before, e.before)
    table.insert(want, e.stderr)
  end
  if not vim.deep_equal(injected, before) then
    fail(1, ('FAIL the proxy injected frames before %s, the case asks for %s')
      :format(vim.inspect(injected), vim.inspect(before)))
  end
  local said = {}
  for _, line in ipairs(stderr) do
    if not line:find('^strata lsp: round %d+: ') then table.insert(said, line) end
  end
  if not vim.deep_equal(said, want) then
    fail(1, ('FAIL for %d injected frames, the server\'s stderr should say %s; it says %s')
      :format(#injected, vim.inspect(want), vim.inspect(said)))
  end
end

local function main()
  assert(expect_path and expect_path ~= '', 'STRATA_EXPECT is not set')
  local expect = read_json(expect_path)
  assert(type(expect) == 'table', 'STRATA_EXPECT ' .. expect_path .. ' is not a JSON object')

  -- Step 1: the first round's own publish for the buffer (strata may publish
  -- it earlier from the file's own TU, then at the end of the round).
  local id = _G.strata_clients and _G.strata_clients[buf]
  client = id and vim.lsp.get_client_by_id(id)
  wait_publish(0, '')
  vim.wait(timeout, function() return _G.strata_rounds > 0 or _G.strata_exit ~= nil end, 20)
  if _G.strata_rounds == 0 then
    fail(2, 'NO ROUND: no $/progress end from the first round within ' .. timeout .. ' ms')
  end
  capture.early_publishes = _G.strata_publishes_at_round[buf] or 0
  wait_publish(capture.early_publishes, ' at the end of the first round')
  capture.first_publish_ms = ms()
  capture.cmd = client.config.cmd
  capture.server_capabilities = client.server_capabilities or vim.NIL
  capture.offset_encoding = client.offset_encoding
  local list = strata_diags()
  capture.publishes = _G.strata_publishes[buf]
  capture.count = #list
  capture.diagnostics = record(list)
  write_capture() -- already useful if a later step hangs

  -- Step 2
  local failures = check_diagnostics(expect, list)
  capture.failures = failures
  if #failures > 0 then
    fail(1, ('FAIL (%d): %s'):format(#failures, table.concat(failures, '; ')))
  end

  -- Steps 3 to 5 (optional)
  local a = nonil(expect.action)
  if a then check_action(a) end
  local r = nonil(expect.request_in_round)
  if r then check_request_in_round(r) end
  local s = nonil(expect.saves)
  if s then check_saves(s) end
  local st = nonil(expect.saved_text)
  if st then check_saved_text(st) end
  local p = nonil(expect.proxy)
  if p then table.insert(after_stop, function() check_proxy(p) end) end
end

local ok, err = xpcall(main, caught)
if ok then
  finish(0, nil, true)                 -- step 6: shutdown, then after_stop
else
  capture.traceback = err.trace
  finish(err.code, err.msg, true)
end
