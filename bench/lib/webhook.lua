-- wrk script: POST one signed payload with GitHub's headers and a fresh delivery id per request.
-- Env: BODY_FILE, SIGNATURE, EVENT.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
local body = f:read("*a")
f:close()
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = os.getenv("EVENT"),
    ["X-GitHub-Delivery"] = string.format("bench-%d-%d-%d", tid or 0, counter, math.random(1, 1e9)),
    ["X-Hub-Signature-256"] = os.getenv("SIGNATURE"),
  }
  return wrk.format("POST", "/webhook", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
