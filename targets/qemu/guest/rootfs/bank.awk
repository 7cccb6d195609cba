# Executes one request (TARGET-PROTOCOL §3) against the state in /tmp and prints the response.
function num(k,   m) { if (match(req, "\"" k "\":-?[0-9]+")) { m = substr(req, RSTART, RLENGTH); sub(/^[^:]*:/, "", m); return m + 0 } return "" }
function str(k,   m) { if (match(req, "\"" k "\":\"[^\"]*\"")) { m = substr(req, RSTART, RLENGTH); sub(/^[^:]*:"/, "", m); sub(/"$/, "", m); return m } return "" }
function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return s }
# a checkpoint snapshots the whole VM (this process too), so plain rewrites are enough
function save(   i) {
  for (i = 0; i < n; i++) print bal[i] > "/tmp/bal"; close("/tmp/bal")
  for (k in kv) print k " " kv[k] > "/tmp/kv"; close("/tmp/kv")
  print seq > "/tmp/seq"; close("/tmp/seq")
}
BEGIN {
  getline seq < "/tmp/seq"; seq += 0; close("/tmp/seq")
  n = 0; while ((getline b < "/tmp/bal") > 0) bal[n++] = b + 0; close("/tmp/bal")
  while ((getline l < "/tmp/kv") > 0) { k = l; sub(/ .*/, "", k); v = l; sub(/^[^ ]* /, "", v); kv[k] = v }
  close("/tmp/kv")
  id = num("id"); op = str("op")
  if (op == "state") {
    disk = ""; if ((getline d < "/dev/vda") > 0) disk = ",\"diskSeq\":" (d + 0)
    out = "{\"id\":" id ",\"ok\":true,\"lastSeq\":" seq disk ",\"balances\":["
    for (i = 0; i < n; i++) out = out (i ? "," : "") bal[i]
    out = out "],\"kv\":{"; c = 0
    for (k in kv) out = out (c++ ? "," : "") "\"" k "\":\"" esc(kv[k]) "\""
    out = out "},\"journal\":["; c = 0
    while ((getline l < "/tmp/journal") > 0) out = out (c++ ? "," : "") "\"" esc(l) "\""
    print out "]}"; exit
  }
  seq++
  if (op == "transfer") {
    f = num("from"); t = num("to"); a = num("amount")
    if (f == "" || t == "" || f >= n || t >= n || f < 0 || t < 0) body = "\"ok\":false,\"error\":\"no-such-account\""
    else if (bal[f] < a) body = "\"ok\":false,\"error\":\"insufficient\",\"balances\":[" bal[f] "," bal[t] "]"
    else { bal[f] -= a; bal[t] += a; body = "\"ok\":true,\"balances\":[" bal[f] "," bal[t] "]" }
  } else if (op == "balances") {
    tot = 0; body = "\"ok\":true,\"balances\":["
    for (i = 0; i < n; i++) { body = body (i ? "," : "") bal[i]; tot += bal[i] }
    body = body "],\"total\":" tot
  } else if (op == "put") { kv[str("key")] = str("value"); body = "\"ok\":true" }
  else if (op == "get") { k = str("key"); body = "\"ok\":true,\"value\":" ((k in kv) ? "\"" esc(kv[k]) "\"" : "null") }
  else body = "\"ok\":false,\"error\":\"bad-request\""
  line = "{\"id\":" (id == "" ? "null" : id) ",\"seq\":" seq "," body "}"
  save()
  print line >> "/tmp/journal"; close("/tmp/journal")
  print line
}
