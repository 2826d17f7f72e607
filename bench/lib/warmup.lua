-- wrk script for the warm-up curve: like webhook.lua, and also counts 2xx answers per wall-clock
-- second and prints "SECOND <epoch> <answers>" lines at the end. done() runs in wrk's main Lua
-- state, so each thread keeps its finished seconds as a string and done() reads it with thread:get.
dofile(os.getenv("WEBHOOK_LUA"))
local threads = {}
series, cur_s, cur_c = "", 0, 0

local base_setup = setup
function setup(thread)
  base_setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local now = os.time()
  if now ~= cur_s then
    if cur_c > 0 then series = series .. cur_s .. ":" .. cur_c .. "," end
    cur_s, cur_c = now, 0
  end
  if status >= 200 and status < 300 then cur_c = cur_c + 1 end
end

local base_done = done
function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local all = (t:get("series") or "") .. (t:get("cur_s") or 0) .. ":" .. (t:get("cur_c") or 0) .. ","
    for s, c in string.gmatch(all, "(%d+):(%d+),") do
      s, c = tonumber(s), tonumber(c)
      if s > 0 then counts[s] = (counts[s] or 0) + c end
    end
  end
  local seconds = {}
  for s in pairs(counts) do seconds[#seconds + 1] = s end
  table.sort(seconds)
  for _, s in ipairs(seconds) do io.write(string.format("SECOND %d %d\n", s, counts[s])) end
end
