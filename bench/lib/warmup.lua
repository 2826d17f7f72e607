-- wrk script for the warm-up curve: like webhook.lua, and also counts 2xx answers per wall-clock
-- second (wrk -t1 only: one Lua state) and prints "SECOND <epoch> <answers>" lines at the end.
dofile(os.getenv("WEBHOOK_LUA"))
local counts, first = {}, nil

function response(status, headers, body)
  local now = os.time()
  first = first or now
  if status >= 200 and status < 300 then
    counts[now] = (counts[now] or 0) + 1
  end
end

local base_done = done
function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local seconds = {}
  for s in pairs(counts) do seconds[#seconds + 1] = s end
  table.sort(seconds)
  for _, s in ipairs(seconds) do
    io.write(string.format("SECOND %d %d\n", s, counts[s]))
  end
end
