-- wrk script of the server benchmark (bench/server_bench.sh, docs/bench.md
-- "Server"): POST /api/dataValues, each request one value of one data
-- element for a day of a year at one unit, every key distinct until the
-- key space (units x days) is used up; then the same keys again with new
-- values, so every request is a real insert or update, never an ignored
-- write. Threads interleave (thread t writes keys t, t + n, t + 2n, ...).
--
-- Usage: wrk -tT ... -s bench/wrk/post_values.lua URL -- UNITS_FILE T [ELEMENT] [YEAR] [FIRST]
--   UNITS_FILE  one org unit uid (or code) a line
--   T           wrk's thread count (-t): each thread's stride
--   ELEMENT     the data element (default P8_TTCD_TO_MOI)
--   YEAR        the days' year (default 2024)
--   FIRST       the first key (default 0): another run can continue after it

-- setup runs in wrk's main Lua state, once per thread before it starts; a
-- thread's own state only learns its index (init cannot see how many
-- threads follow, hence T on the command line).
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

local units, days = {}, {}
local element, key, stride

local function leap(year)
  return (year % 4 == 0 and year % 100 ~= 0) or year % 400 == 0
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read the units file " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then table.insert(units, line) end
  end
  file:close()
  assert(#units > 0, "no units in " .. args[1])
  stride = tonumber(args[2] or "1")
  element = args[3] or "P8_TTCD_TO_MOI"
  local year = tonumber(args[4] or "2024")
  local lengths = {31, leap(year) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
  for month = 1, 12 do
    for day = 1, lengths[month] do
      table.insert(days, string.format("%04d%02d%02d", year, month, day))
    end
  end
  key = tonumber(args[5] or "0") + (index or 0)
  wrk.method = "POST"
  wrk.path = "/api/dataValues"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local space = #units * #days
  local k = key % space
  local unit = units[k % #units + 1]
  local period = days[math.floor(k / #units) + 1]
  -- A new value on every pass over the key space.
  local value = math.floor(key / space) + 1
  key = key + stride
  local body = string.format(
    '{"dataElement":"%s","period":"%s","orgUnit":"%s","value":"%d"}',
    element, period, unit, value)
  return wrk.format(nil, nil, nil, body)
end
