-- Each wrk thread sends BUDGET GETs to SHORT_PATH (counted clicks), then GETs to an unknown code
-- (404, never counted). The 302 responses received are the clicks the server must have stored.
budget = tonumber(os.getenv("BUDGET") or "10000")
local path = os.getenv("SHORT_PATH")
local ua = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
sent, redirects, missing, other = 0, 0, 0, 0   -- globals: done() reads them from every thread
local threads = {}

function setup(thread) table.insert(threads, thread) end

request = function()
  sent = sent + 1
  if sent <= budget then return wrk.format("GET", path, {["User-Agent"] = ua}) end
  return wrk.format("GET", "/s/ffffffffffff", {["User-Agent"] = ua})
end

response = function(status, headers, body)
  if status == 302 then redirects = redirects + 1
  elseif status == 404 then missing = missing + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local r, m, o = 0, 0, 0
  for _, t in ipairs(threads) do
    r = r + t:get("redirects"); m = m + t:get("missing"); o = o + t:get("other")
  end
  io.write(string.format("302 responses (clicks): %d, 404 (unknown code, not counted): %d, other: %d\n", r, m, o))
end
