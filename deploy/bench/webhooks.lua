-- wrk script of ./deploy/bench.sh ingest: POSTs pre-signed webhooks, each once, in file order.
-- env BODIES=<file>: one delivery a line, "<Stripe-Signature>\t<json body>" (io.paybus.deploy.BenchBodies).
-- Run it with one wrk thread (-t1). "wraps" in the RESULT line counts restarts of the list: each
-- sends every body again (duplicates), so the bench sizes the file to leave it at 0.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BODIES")) do
    local tab = line:find("\t", 1, true)
    bodies[#bodies + 1] = wrk.format("POST", wrk.path,
      { ["Content-Type"] = "application/json", ["Stripe-Signature"] = line:sub(1, tab - 1) }, line:sub(tab + 1))
  end
  if #bodies == 0 then error("no bodies in " .. tostring(os.getenv("BODIES"))) end
  position = 0
  wraps = 0
end

function request()
  position = position + 1
  if position > #bodies then position = 1; wraps = wraps + 1 end
  return bodies[position]
end

function done(summary, latency, requests)
  local restarts = 0
  for _, thread in ipairs(threads) do restarts = restarts + (thread:get("wraps") or 0) end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f"
      .. " max_ms=%.3f non2xx=%d sock_connect=%d sock_read=%d sock_write=%d sock_timeout=%d wraps=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout, restarts))
end
