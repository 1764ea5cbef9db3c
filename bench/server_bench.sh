#!/usr/bin/env bash
# The server benchmark (docs/bench.md, "Server"): `gemis serve` on loopback
# under wrk — a public health check, an authenticated small cached read, an
# analytics query over ~300,000 values, durable data value writes — each for
# DURATION seconds with CONNECTIONS connections, then a mixed soak (reads,
# analytics and writes at once) for SOAK_SECONDS while the server's resident
# memory is sampled every 10 s. Prints a table; writes RESULTS (JSON).
#
# Usage: bench/server_bench.sh   (settings from the environment:)
#   GEMIS=build/gemis  WORK=build/bench/server-work  RESULTS=bench/results/server.json
#   DURATION=15  SOAK_SECONDS=600  CONNECTIONS=64  WRK_THREADS=2
#   YEARS="2020 2021 2022 2023 2024"   (values: 32 elements x 161 communes x 12 months a year)
#   SERVE_ARGS=""                      (extra arguments of gemis serve)
#   RUNS="health read analytics write"  (the timed runs to make; SOAK_SECONDS=0: no soak)
# Exit status: 0 when every run answered only 2xx without socket errors and
# the server stopped cleanly; 1 otherwise (the table and JSON still written).
set -euo pipefail

cd "$(dirname "$0")/.."
GEMIS=${GEMIS:-build/gemis}
WORK=${WORK:-build/bench/server-work}
RESULTS=${RESULTS:-bench/results/server.json}
DURATION=${DURATION:-15}
SOAK_SECONDS=${SOAK_SECONDS:-600}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
YEARS=${YEARS:-"2020 2021 2022 2023 2024"}
SERVE_ARGS=${SERVE_ARGS:-}
RUNS=${RUNS:-"health read analytics write"}
SAMPLE_SECONDS=10

# The demo's integer data elements with the default category combo
# (data/demo/measures.json); the analytics query reads the first.
ELEMENTS="P8_TTCD_TO_MOI P8_TTCD_TO_DUYTRI P8_SDAT_PN P8_SDAT_PN_TT P8_SDAT_PN_SINH
P8_SDAT_PN_GOI P8_TKV_TV P8_TKV_TV_TCCT P8_TKV_TV_SINHKE P8_DCTC_CUNGCO P8_DCTC_MOI
P8_DCTC_CHU P8_DCTC_CHU_TH P8_TH_DCTC P8_HT_DCTC P8_PCBLGD_NGUOI P8_PCBLGD_NAM
P8_SINHKE_NN_THIDIEM P8_SINHKE_NN_NHANRONG P8_CBN_DTTS_DOITUONG BDG_CBCCVC BDG_CBCCVC_TT
BDG_CBTE BDG_CBTE_TT BDG_CTV BDG_CTV_TT BDG_BVSTBPN_TV BDG_BVSTBPN_TH BDG_TAILIEU
BDG_TAILIEU_PH BDG_CA BDG_CA_TT"
READ_PATH=/api/orgUnits/04
ANALYTICS_PATH="/api/analytics?dimension=dx:P8_TTCD_TO_MOI&dimension=ou:04&dimension=pe:2024"

log() { echo "[server-bench] $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v wrk >/dev/null || die "wrk is missing (scripts/install-bench-deps)"
command -v curl >/dev/null || die "curl is missing (scripts/install-bench-deps)"
[[ -x $GEMIS ]] || die "$GEMIS is missing (make build)"

server_pid=""
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

# ---------------------------------------------------------------- set-up
rm -rf "$WORK"
mkdir -p "$WORK" "$(dirname "$RESULTS")"
db=$WORK/bench.db
log "demo database: $db"
"$GEMIS" demo --db "$db" --no-records >"$WORK/demo.log" 2>&1 || die "gemis demo failed (see $WORK/demo.log)"

# (The demo without its synthetic model records: their figures would claim
# keys the CSV below writes.)
# Cao Bằng's communes on a day of 2024 (the values' years are before the
# 1/7/2025 reorganisation).
"$GEMIS" export orgunits --db "$db" --as-of 2024-06-01 --level commune --parent 04 >"$WORK/communes.csv"
tail -n +2 "$WORK/communes.csv" | awk -F, '{print $NF}' >"$WORK/units.txt"
units=$(wc -l <"$WORK/units.txt")
[[ $units -gt 0 ]] || die "no communes of Cao Bằng in the demo database"

awk -v elements="$ELEMENTS" -v years="$YEARS" '
  BEGIN { print "dataelement,period,orgunit,value"; ne = split(elements, e, /[ \n]+/);
          ny = split(years, y, " ") }
  { u[NR] = $0 }
  END { for (i = 1; i <= ne; i++) for (j = 1; j <= ny; j++) for (m = 1; m <= 12; m++)
          for (k = 1; k <= NR; k++)
            printf "%s,%s%02d,%s,%d\n", e[i], y[j], m, u[k], (i * 7 + j * 5 + m * 3 + k) % 50 }
' "$WORK/units.txt" >"$WORK/values.csv"
values=$(($(wc -l <"$WORK/values.csv") - 1))
log "importing $values values ($units communes)"
start=$(date +%s.%N)
"$GEMIS" import datavalues "$WORK/values.csv" --db "$db" --stored-by bench >"$WORK/import.log" 2>&1 ||
  die "the import failed (see $WORK/import.log)"
import_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

password='Bench-server-2026!'
echo "$password" | "$GEMIS" user add bench.officer --db "$db" --password-stdin --fast-hash \
  --role province_officer --entry 04 --view 04 --name "Benchmark" >/dev/null
token=$("$GEMIS" user token bench.officer --db "$db" --name bench)
auth="Authorization: Bearer $token"

# ---------------------------------------------------------------- server
# shellcheck disable=SC2086 # SERVE_ARGS is a list of words
"$GEMIS" --lang en serve --db "$db" --listen 127.0.0.1:0 --access-log '' $SERVE_ARGS \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^gemis is serving at //p' "$WORK/serve.err")
  [[ -n $url ]] && break
  kill -0 "$server_pid" 2>/dev/null || die "gemis serve stopped: $(cat "$WORK/serve.err")"
  sleep 0.1
done
[[ -n $url ]] || die "gemis serve did not say where it listens"
log "server $url (pid $server_pid)"

check() {  # check PATH: the answer must be 200
  local code
  code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H "$auth" "$url$1")
  [[ $code == 200 ]] || die "GET $1 answered $code: $(head -c 300 "$WORK/check.json")"
}
check /api/health
check "$READ_PATH"
check "$ANALYTICS_PATH"
grep -q '"rows":\[\[' "$WORK/check.json" || die "the analytics query found no values"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

# wrk's figures: "rps p50_ms p99_ms requests non2xx socket_errors"
parse_wrk() {
  awk '
    function ms(text) {
      if (text ~ /us$/) return substr(text, 1, length(text) - 2) / 1000;
      if (text ~ /ms$/) return substr(text, 1, length(text) - 2) + 0;
      if (text ~ /s$/) return substr(text, 1, length(text) - 1) * 1000;
      return text + 0 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /requests in/ { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %d %d\n", rps, p50, p99, requests, non2xx, errors }
  ' "$1"
}

# run NAME SECONDS CONNECTIONS THREADS PATH [post_values.lua arguments...]
# The health check goes without the token (a public route); the others
# with it. With arguments, the requests are bench/wrk/post_values.lua's.
run() {
  local name=$1 seconds=$2 connections=$3 threads=$4 path=$5
  shift 5
  local options=(-t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency)
  [[ $name == health ]] || options+=(-H "$auth")
  if [[ $# -gt 0 ]]; then
    wrk "${options[@]}" -s bench/wrk/post_values.lua "$url$path" -- "$@" >"$WORK/$name.txt" 2>&1 || true
  else
    wrk "${options[@]}" "$url$path" >"$WORK/$name.txt" 2>&1 || true
  fi
}

declare -A figures
measure() {  # measure NAME PATH [script args]: one timed run at full load
  local name=$1 path=$2
  shift 2
  log "$name: ${DURATION} s, $CONNECTIONS connections, $WRK_THREADS threads"
  run "$name" "$DURATION" "$CONNECTIONS" "$WRK_THREADS" "$path" "$@"
  figures[$name]=$(parse_wrk "$WORK/$name.txt")
}

rss_start=$(rss_kib)
order=()
for name in $RUNS; do
  case $name in
    health) measure health /api/health ;;
    read) measure read "$READ_PATH" ;;
    analytics) measure analytics "$ANALYTICS_PATH" ;;
    write) measure write / "$WORK/units.txt" "$WRK_THREADS" P8_TTCD_TO_MOI 2024 0 ;;
    *) die "unknown run '$name' in RUNS" ;;
  esac
  order+=("$name")
done
rss_after_runs=$(rss_kib)

# ---------------------------------------------------------------- soak
# Half the connections read, a quarter query analytics, a quarter write:
# the keys of the write run again (and more) with other values, so every
# write changes a value and the analytics query's answer changes.
soak_reads=$((CONNECTIONS / 2))
soak_analytics=$((CONNECTIONS / 4))
soak_writes=$((CONNECTIONS - soak_reads - soak_analytics))
samples=("0:$(rss_kib)")
soak() {
  log "soak: ${SOAK_SECONDS} s, $soak_reads read + $soak_analytics analytics + $soak_writes write connections"
  local key_space=$((units * 366))  # 2024 has 366 days
  run soak-read "$SOAK_SECONDS" "$soak_reads" 1 "$READ_PATH" &
  local pid_reads=$!
  run soak-analytics "$SOAK_SECONDS" "$soak_analytics" 1 "$ANALYTICS_PATH" &
  local pid_analytics=$!
  run soak-write "$SOAK_SECONDS" "$soak_writes" 1 / "$WORK/units.txt" 1 P8_TTCD_TO_MOI 2024 \
    $((key_space * 1000)) &
  local pid_writes=$!
  samples=()
  local soak_start
  soak_start=$(date +%s)
  while kill -0 "$pid_reads" 2>/dev/null || kill -0 "$pid_analytics" 2>/dev/null ||
        kill -0 "$pid_writes" 2>/dev/null; do
    samples+=("$(($(date +%s) - soak_start)):$(rss_kib)")
    sleep "$SAMPLE_SECONDS"
  done
  wait "$pid_reads" "$pid_analytics" "$pid_writes" || true
  samples+=("$(($(date +%s) - soak_start)):$(rss_kib)")
  for name in soak-read soak-analytics soak-write; do
    figures[$name]=$(parse_wrk "$WORK/$name.txt")
    order+=("$name")
  done
}
if [[ $SOAK_SECONDS -gt 0 ]]; then soak; fi

# ---------------------------------------------------------------- stop
kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""

# ---------------------------------------------------------------- report
rss_values=()
for s in "${samples[@]}"; do rss_values+=("${s#*:}"); done
rss_first=${rss_values[0]}
rss_last=${rss_values[-1]}
rss_max=$(printf '%s\n' "${rss_values[@]}" | sort -n | tail -1)
# Flat memory: what the resident set still grew in the soak's second half
# (the first half fills caches, the page cache of SQLite, new keys).
rss_middle=${rss_values[$((${#rss_values[@]} / 2))]}
rss_growth=$((rss_last - rss_middle))
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

ok=1
[[ $server_status -eq 0 ]] || ok=0
declare -A titles=([health]="GET /api/health (public, inline)" [read]="GET $READ_PATH (token, cached)"
        [analytics]="GET /api/analytics dx:P8_TTCD_TO_MOI ou:04 pe:2024"
        [write]="POST /api/dataValues (durable)" [soak-read]="soak: GET $READ_PATH"
        [soak-analytics]="soak: GET /api/analytics" [soak-write]="soak: POST /api/dataValues")
connections_of() {
  case $1 in soak-read) echo "$soak_reads" ;; soak-analytics) echo "$soak_analytics" ;;
    soak-write) echo "$soak_writes" ;; *) echo "$CONNECTIONS" ;; esac
}
seconds_of() { [[ $1 == soak-* ]] && echo "$SOAK_SECONDS" || echo "$DURATION"; }

echo
echo "| run | connections | seconds | requests/s | p50 ms | p99 ms | requests | non-2xx | socket errors |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
runs_json=""
for name in "${order[@]}"; do
  read -r rps p50 p99 requests non2xx errors <<<"${figures[$name]}"
  [[ $requests -gt 0 && $non2xx -eq 0 && $errors -eq 0 ]] || ok=0
  echo "| ${titles[$name]} | $(connections_of "$name") | $(seconds_of "$name") | $rps | $p50 | $p99 | $requests | $non2xx | $errors |"
  runs_json+="${runs_json:+,}
    \"$name\": {\"title\": \"${titles[$name]}\", \"connections\": $(connections_of "$name"),
      \"seconds\": $(seconds_of "$name"), \"requestsPerSecond\": $rps, \"p50Ms\": $p50,
      \"p99Ms\": $p99, \"requests\": $requests, \"non2xx\": $non2xx, \"socketErrors\": $errors}"
done
echo
echo "Server resident memory (VmRSS): $(mib "$rss_start") MiB at start, $(mib "$rss_after_runs") MiB" \
  "after the timed runs; soak: first $(mib "$rss_first"), last $(mib "$rss_last")," \
  "max $(mib "$rss_max") MiB (${#samples[@]} samples, every ${SAMPLE_SECONDS} s;" \
  "growth over the soak's second half: $(mib "$rss_growth") MiB)."
echo "Data: $values values imported in ${import_seconds} s; machine: $(nproc) cores," \
  "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."

samples_json=""
for s in "${samples[@]}"; do samples_json+="${samples_json:+, }[${s%%:*}, ${s#*:}]"; done
cat >"$RESULTS" <<EOF
{
  "ok": $([[ $ok -eq 1 ]] && echo true || echo false),
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cpus": $(nproc), "cpuModel": "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)",
              "loadAverageAtEnd": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "settings": {"connections": $CONNECTIONS, "wrkThreads": $WRK_THREADS, "durationSeconds": $DURATION,
               "soakSeconds": $SOAK_SECONDS, "serveArgs": "$SERVE_ARGS"},
  "data": {"values": $values, "communes": $units, "importSeconds": $import_seconds},
  "runs": {$runs_json
  },
  "memory": {"startKiB": $rss_start, "afterRunsKiB": $rss_after_runs, "soakFirstKiB": $rss_first,
             "soakLastKiB": $rss_last, "soakMaxKiB": $rss_max,
             "soakSecondHalfGrowthKiB": $rss_growth,
             "soakSamples": [$samples_json]},
  "serverExitStatus": $server_status
}
EOF
log "results: $RESULTS"
[[ $ok -eq 1 ]] || { log "some requests failed or the server did not stop cleanly"; exit 1; }
