-- One wrk script for every scenario of bench/run.py, so that all of them are driven the same way.
--
-- Arguments (after `--` on wrk's command line):
--   args[1]      mode: "get", "post" or "patch"
--   args[2..n]   request paths, already percent-encoded; requests cycle through them in order
--                (or args[2] = "@FILE": the paths are FILE's lines, for more than a command line holds)
--
-- Requests are formatted once in init() and then only handed out, so wrk spends its time on the socket and
-- not in Lua. Bodies of POST/PATCH vary (a counter in the subject) so the mock cannot answer a repeated body
-- from anything cached. The Authorization header comes from `-H` on the command line (wrk.headers).
-- done() prints one machine-readable line, so run.py does not have to parse wrk's human report.

local requests = {}
local index = 0

local first_names = { "تورج", "بهرام", "پژمان", "فرشید", "مهدیس", "یسنا" }
local last_names = { "دانشور", "صادقی‌پور", "احدی", "فرهمند", "سلطانی", "رسته" }
local subjects = { "پیگیری سفارش", "درخواست همکاری", "ساعت مسابقه", "مشکل در پرداخت" }

local function json_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function create_body(n)
  local i = n % #first_names + 1
  return "{"
    .. '"subject":' .. json_string(subjects[n % #subjects + 1] .. " " .. n) .. ","
    .. '"message":' .. json_string("سلام، سفارش من هنوز نرسیده است. شماره " .. n) .. ","
    .. '"first_name":' .. json_string(first_names[i]) .. ","
    .. '"last_name":' .. json_string(last_names[i]) .. ","
    .. '"email":' .. json_string("user" .. n .. "@example.com") .. ","
    .. '"mobile_number":' .. json_string(string.format("0912%07d", n % 10000000))
    .. "}"
end

local function patch_body(n)
  if n % 2 == 0 then
    return '{"subject":' .. json_string(subjects[n % #subjects + 1] .. " " .. n) .. "}"
  end
  return '{"first_name":' .. json_string(first_names[n % #first_names + 1]) .. ',"mobile_number":'
    .. json_string(string.format("0935%07d", n % 10000000)) .. "}"
end

function init(args)
  local mode = args[1]
  local paths = {}
  if #args == 2 and args[2]:sub(1, 1) == "@" then
    for line in io.lines(args[2]:sub(2)) do
      paths[#paths + 1] = line
    end
  else
    for i = 2, #args do
      paths[#paths + 1] = args[i]
    end
  end
  if #paths == 0 then
    error("scenario.lua: no paths given")
  end
  local json = { ["Content-Type"] = "application/json" }
  for k, v in pairs(wrk.headers) do
    json[k] = v
  end
  if mode == "get" then
    for i, path in ipairs(paths) do
      requests[i] = wrk.format("GET", path)
    end
  elseif mode == "post" then
    -- 1000 distinct bodies, enough that no two requests in flight carry the same one.
    for n = 1, 1000 do
      requests[n] = wrk.format("POST", paths[(n - 1) % #paths + 1], json, create_body(n))
    end
  elseif mode == "patch" then
    for i, path in ipairs(paths) do
      requests[i] = wrk.format("PATCH", path, json, patch_body(i))
    end
  else
    error("scenario.lua: unknown mode " .. tostring(mode))
  end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,'
      .. '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean
  ))
end
