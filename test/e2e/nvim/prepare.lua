-- Reads a case file for run_nvim_test.sh (run with nvim -u NONE, which has
-- the JSON parser a shell lacks) and prepares the copy of the example:
--
--   STRATA_EXPECT  the case (see check.lua); its optional "create" maps paths
--                  relative to the copy to their lines: files no compile
--                  command covers, written after CMake has configured the copy
--   STRATA_COPY    the configured copy
--
-- Writes the file to open on stdout's first line and "proxy" on the second
-- when the case has one (the server then runs behind frame_proxy.py); writes
-- nothing when the case cannot be read or a file cannot be created.
local ok, res = pcall(function()
  local case = vim.json.decode(table.concat(vim.fn.readfile(vim.env.STRATA_EXPECT), '\n'))
  assert(type(case.file) == 'string', 'no "file"')
  local create = case.create
  if create ~= nil and create ~= vim.NIL then
    for rel, lines in pairs(create) do
      local path = vim.env.STRATA_COPY .. '/' .. rel
      vim.fn.mkdir(vim.fn.fnamemodify(path, ':h'), 'p')
      assert(vim.fn.writefile(lines, path) == 0, 'cannot write ' .. path)
    end
  end
  local proxy = case.proxy ~= nil and case.proxy ~= vim.NIL
  return case.file .. '\n' .. (proxy and 'proxy' or '') .. '\n'
end)
if ok then
  io.stdout:write(res)
else
  io.stderr:write('prepare.lua: ' .. tostring(res) .. '\n')
end
