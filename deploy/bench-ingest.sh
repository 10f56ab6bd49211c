#!/usr/bin/env bash
# The ingest benchmark (./deploy/bench.sh ingest): the ingest service alone under a provider-like
# load, every figure of one run printed as it comes and checked at the end.
#
# It starts the local stack (PostgreSQL with fsync on, one Kafka broker, the services) in a fresh
# data folder and stops the consumers (order, billing, notification, console), so the ingest,
# PostgreSQL and Kafka have the machine. The load: signed Stripe payment_intent.succeeded
# deliveries of about 1.6 kB, every one unique (io.paybus.deploy.BenchBodies), sent each once by
# wrk with one thread (deploy/bench/webhooks.lua), closed loop. Per phase it prints wrk's RESULT
# line, what was accepted, and the CPU of the ingest JVM, PostgreSQL, Kafka and wrk (% of one
# core) and of the box (% of all cores).
#
# Phases, in order:
#   cold      COLD_CONNS (128) connections for COLD_DURATION (30) s as soon as the fresh stack is
#             healthy (the ingest after its warm-up, Kafka and PostgreSQL fresh too), against the
#             warm figure at that level;
#   warm-up   WARMUP_FIRST (60) s at 128 connections, not counted (the JIT's work);
#   durable   per level of CONNS (8 32 128): WARMUP (10) s, then DURATION (30) s measured; the
#             durable ledger on, Kafka acks=all;
#   overload  OVERLOAD_CONNS (1024) connections, WARMUP (10) s (printed, not counted) then
#             OVERLOAD_DURATION (20) s measured: each refused delivery is followed at once by the
#             next; accepted per second against the best level, the 503s, and how long any answer took;
#   redeploy  (unless REDEPLOY=0) the ingest stopped and started again into the warm Kafka and
#             PostgreSQL (a fresh deployment), COLD_CONNS connections for COLD_DURATION s as soon as
#             it is ready, against the warm figure: once with its warm-up off, once on (the default);
#   then (unless NO_LEDGER_HALF=0) the ingest restarted without the ledger and with the bench profile:
#   bare      POST /bench/ok (the same server answering a bare 200: its ceiling), per level;
#   no-ledger the webhook without the ledger, per level, against that ceiling;
#   heap      the ingest's heap in use after each half (of its 320 MB in the stack);
#   audit     for every phase: the ledger rows and the records on payments.inbound (read back from
#             the topic) agree, each delivery once, and are at least the deliveries wrk saw accepted
#             (a few more: deliveries in flight when wrk stopped are kept but not counted by wrk).
# The peer's figures come from ../shared/bench/peer/run.sh, run in the same session.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${CONNS:-8 32 128}; WARMUP=${WARMUP:-10}; DURATION=${DURATION:-30}; WARMUP_FIRST=${WARMUP_FIRST:-60}
COLD_CONNS=${COLD_CONNS:-128}; COLD_DURATION=${COLD_DURATION:-30}
OVERLOAD_CONNS=${OVERLOAD_CONNS:-1024}; OVERLOAD_DURATION=${OVERLOAD_DURATION:-20}; REDEPLOY=${REDEPLOY:-1}
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "needs wrk: sudo apt-get install -y wrk" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v psql >/dev/null || { echo "needs psql (Debian's postgresql-client)" >&2; exit 1; }
DATA=$(mktemp -d /tmp/paybus-bench-ingest-XXXX)
./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
JAR=deploy/local-stack/target/paybus-local-stack.jar
java -Xmx256m -Dpaybus.home="$PWD" -jar "$JAR" --data "$DATA" --no-demo > "$DATA/stack.log" 2>&1 &
STACK=$!
RESTARTED=""   # the ingest the bench started itself (redeploy), stopped with the stack
trap 'kill $STACK 2>/dev/null; [ -n "$RESTARTED" ] && kill $RESTARTED 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
until grep -q "Press Ctrl-C" "$DATA/stack.log"; do kill -0 $STACK || { cat "$DATA/stack.log"; exit 1; }; sleep 1; done
for other in order-service billing-service notification-service operator-console; do
  pkill -f "$other.jar" || true
done
SECRET=$(cat "$DATA/credentials/stripe-webhook-secret")
INGEST=$(pgrep -f "ingest-service.jar" | head -1); KAFKA=$(pgrep -f "BrokerMain" | head -1)
rows() { psql -qAt -h 127.0.0.1 -p 15432 -U postgres paybus_ingest -c "select count(*) from webhook_delivery where provider_event_id like 'evt_$1%'"; }
jiffies() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# A process that ends between the glob and its read makes cat fail, which pipefail would turn into the end of the bench.
pgj() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{c=$2} c=="(postgres)" {s+=$14+$15} END {print s+0}'; }
box() { awk 'NR==1 {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
field() { grep '^RESULT' "$DATA/$2.out" | grep -o " $1=[0-9.]*" | cut -d= -f2; }
accepted() { echo $(( $(field requests "$1") - $(field non2xx "$1") )); }
heap() {
  curl -s "http://127.0.0.1:18181/actuator/prometheus" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.0f MB", s/1e6}'
}
# Deliveries the ingest refused with 503 ingest_overloaded so far (its own counter).
shed() {
  curl -s "http://127.0.0.1:18181/actuator/prometheus" | awk '/^paybus_ingest_deliveries_total\{.*outcome="overloaded"/ {s+=$NF} END {printf "%.0f", s}'
}
# The ledger's own timers (paybus_ingest_ledger_phase_seconds, _batch_size): where a batch's time went.
ledger_snap() { curl -s "http://127.0.0.1:18181/actuator/prometheus" | grep -E '^paybus_ingest_ledger_(phase_seconds|batch_size)_(sum|count)' || true; }
ledger_delta() { # BEFORE AFTER: mean per batch of each phase, and the mean batch size, between two snapshots
  awk 'NR==FNR {b[$1]=$2; next} {d[$1]=$2-b[$1]}
    END { n=d["paybus_ingest_ledger_batch_size_count"]; if (n <= 0) { print "ledger: no batches"; exit }
      printf "ledger: %d batches, %.1f deliveries each; ms per batch:", n, d["paybus_ingest_ledger_batch_size_sum"]/n
      split("lock lookup publish insert commit", ph, " ")
      for (i = 1; i <= 5; i++) { k="paybus_ingest_ledger_phase_seconds_sum{phase=\"" ph[i] "\"}"; printf " %s=%.2f", ph[i], 1000*d[k]/n }
      print "" }' "$1" "$2"
}
HZ=$(getconf CLK_TCK)
ulimit -n 65536 2>/dev/null || true
echo "ingest benchmark: $(nproc) cores; $(java -version 2>&1 | head -1); PostgreSQL fsync=$(psql -qAt -h 127.0.0.1 -p 15432 \
  -U postgres -c 'show fsync'), synchronous_commit=$(psql -qAt -h 127.0.0.1 -p 15432 -U postgres -c 'show synchronous_commit')"
# measure LABEL CONNECTIONS SECONDS BODIES [PATH]: one wrk run of fresh signed bodies, with CPU per process.
measure() {
  local label=$1 c=$2 secs=$3 bodies=$4 path=${5:-/webhooks/stripe}
  [ "$bodies" -gt 600000 ] && bodies=600000   # wrk holds them all in memory
  java -cp "$JAR" io.paybus.deploy.BenchBodies "$SECRET" "$bodies" "$label" "$DATA/$label.txt"
  ledger_snap > "$DATA/ledger0"
  i0=$(jiffies "$INGEST"); k0=$(jiffies "$KAFKA"); p0=$(pgj); read -r b0 t0 < <(box); s0=$(date +%s.%N)
  BODIES="$DATA/$label.txt" wrk -t1 -c"$c" -d"${secs}s" --timeout 10s -s deploy/bench/webhooks.lua \
    "http://127.0.0.1:18081$path" > "$DATA/$label.out" &
  W=$!; sleep 2; WP=$(pgrep -x wrk | head -1 || true); w0=$(jiffies "${WP:-0}")
  sleep $(( secs - 4 )); w1=$(jiffies "${WP:-0}")
  wait $W; sleep 1
  i1=$(jiffies "$INGEST"); k1=$(jiffies "$KAFKA"); p1=$(pgj); read -r b1 t1 < <(box); s1=$(date +%s.%N)
  ledger_snap > "$DATA/ledger1"; LEDGER=$(ledger_delta "$DATA/ledger0" "$DATA/ledger1")
  el=$(echo "$s1 - $s0" | bc)
  CPU="cpu: ingest=$(echo "100 * ($i1 - $i0) / ($HZ * $el)" | bc)% pg=$(echo "100 * ($p1 - $p0) / ($HZ * $el)" | bc)%"
  CPU="$CPU kafka=$(echo "100 * ($k1 - $k0) / ($HZ * $el)" | bc)% wrk=$(echo "100 * ($w1 - $w0) / ($HZ * ($secs - 4))" | bc)%"
  CPU="$CPU box=$(( 100 * (b1 - b0) / (t1 - t0) ))%"
  rm -f "$DATA/$label.txt"
}
# level NAME C PATH: warm-up then the measured run; prints its line, sets PER (accepted/s).
level() {
  local name=$1 c=$2 path=$3
  measure "w$name$c" "$c" "$WARMUP" $(( 16000 * WARMUP )) "$path"
  local rate; rate=$(field rps "w$name$c" | cut -d. -f1)
  measure "$name$c" "$c" "$DURATION" $(( ${rate:-3000} * DURATION * 2 + 20000 )) "$path"
  PER=$(( $(accepted "$name$c") / DURATION ))
  echo "$name c=$c $(sed -n 's/^RESULT //p' "$DATA/$name$c.out") accepted=$(accepted "$name$c") $CPU"
  [ "$name" = durable ] && echo "  $LEDGER"
  return 0
}
durable=""; nodedup=""
measure cold "$COLD_CONNS" "$COLD_DURATION" $(( 6000 * COLD_DURATION ))
cold=$(( $(accepted cold) / COLD_DURATION )); durable="cold"
echo "cold c=$COLD_CONNS $(sed -n 's/^RESULT //p' "$DATA/cold.out") accepted=$(accepted cold) $CPU"
echo "  $LEDGER"
measure warmup 128 "$WARMUP_FIRST" $(( 10000 * WARMUP_FIRST )); durable="$durable warmup"
best=0; warm=0
for c in $CONNS; do
  level durable "$c" /webhooks/stripe; durable="$durable wdurable$c durable$c"
  [ "$PER" -gt "$best" ] && best=$PER
  [ "$c" = "$COLD_CONNS" ] && warm=$PER
done
[ "$warm" -gt 0 ] && echo "cold start (the whole stack fresh): ${cold}/s in the first ${COLD_DURATION} s after healthy = $(( 100 * cold / warm ))%" \
  "of the warm ${warm}/s at c=$COLD_CONNS (target >= 70%)"
if [ "$OVERLOAD_CONNS" -gt 0 ]; then
  # Warmed up like every level (not counted): the first seconds of a flood are the JIT compiling
  # the refusal path and the GC sizing for a thousand connections, not the steady state.
  measure woverload "$OVERLOAD_CONNS" "$WARMUP" $(( (best * 4 + 10000) * WARMUP ))
  echo "overload warm-up c=$OVERLOAD_CONNS $(sed -n 's/^RESULT //p' "$DATA/woverload.out") accepted=$(accepted woverload) $CPU"
  shed0=$(shed)
  measure overload "$OVERLOAD_CONNS" "$OVERLOAD_DURATION" $(( (best * 4 + 10000) * OVERLOAD_DURATION ))
  shed1=$(shed)
  durable="$durable woverload overload"
  per=$(( $(accepted overload) / OVERLOAD_DURATION ))
  echo "overload c=$OVERLOAD_CONNS $(sed -n 's/^RESULT //p' "$DATA/overload.out") accepted=$(accepted overload) $CPU"
  echo "  $LEDGER"
  echo "overload: accepted ${per}/s = $(( best > 0 ? 100 * per / best : 0 ))% of the best level's ${best}/s (target >= 80%);" \
    "$(field non2xx overload) answered non-2xx, of which the ingest counted $(( shed1 - shed0 )) as 503 ingest_overloaded;" \
    "the slowest answer took $(field max_ms overload) ms"
fi
echo "ingest heap in use after the durable phases: $(heap) (of 320 MB)"
# redeploy LOG PROFILES [ARGS...]: the ingest stopped and started again with its own command line
# (its secret from its environment), PROFILES for the stack's, ARGS added; returns once it is ready
# (readiness UP: after its warm-up, when that is on), with READY_S the seconds that took.
redeploy() {
  local log=$1 profiles=$2; shift 2
  mapfile -d '' cmd < "/proc/$INGEST/cmdline"
  secret_env=$(tr '\0' '\n' < "/proc/$INGEST/environ" | grep '^PAYBUS_INGEST_STRIPE_SECRETS_0=')
  kill "$INGEST"; while kill -0 "$INGEST" 2>/dev/null; do sleep 0.5; done
  args=()
  for a in "${cmd[@]}"; do
    case "$a" in --spring.profiles.active=*) a="--spring.profiles.active=$profiles" ;; --paybus.ingest.warm-up.*) continue ;; esac
    args+=("$a")
  done
  local began; began=$(date +%s.%N)
  env "$secret_env" "${args[@]}" "$@" > "$DATA/$log.log" 2>&1 &
  RESTARTED=$!; INGEST=$RESTARTED
  until curl -sf http://127.0.0.1:18181/actuator/health/readiness >/dev/null; do
    kill -0 "$RESTARTED" || { tail -20 "$DATA/$log.log"; exit 1; }; sleep 0.2
  done
  READY_S=$(echo "$(date +%s.%N) - $began" | bc | cut -d. -f1)
}
# The issue's case: a fresh instance deployed into a running cluster (Kafka and PostgreSQL warm from
# the phases above), the provider's retries at full rate as soon as it is ready; once without the
# warm-up, once with it (the default).
if [ "$REDEPLOY" != 0 ]; then
  for mode in off on; do
    redeploy "ingest-redeploy-$mode" local "--paybus.ingest.warm-up.enabled=$([ $mode = on ] && echo true || echo false)"
    warmed=$(grep -o 'warm-up: .*' "$DATA/ingest-redeploy-$mode.log" | head -1 || true)
    measure "redeploy$mode" "$COLD_CONNS" "$COLD_DURATION" $(( 12000 * COLD_DURATION )); durable="$durable redeploy$mode"
    per=$(( $(accepted "redeploy$mode") / COLD_DURATION ))
    echo "redeploy warm-up=$mode (ready ${READY_S} s after start${warmed:+; $warmed}) c=$COLD_CONNS" \
      "$(sed -n 's/^RESULT //p' "$DATA/redeploy$mode.out") accepted=$(accepted "redeploy$mode") $CPU"
    echo "  $LEDGER"
    [ "$warm" -gt 0 ] && echo "cold start (redeploy, warm-up $mode): ${per}/s in the first ${COLD_DURATION} s after ready" \
      "= $(( 100 * per / warm ))% of the warm ${warm}/s at c=$COLD_CONNS (target >= 70%)"
  done
fi
if [ "${NO_LEDGER_HALF:-1}" != 0 ]; then
  # The same instance's command line, restarted without the ledger and with /bench/ok.
  redeploy ingest-noledger local,bench --paybus.ingest.warm-up.enabled=false --paybus.ingest.dedup.enabled=false
  measure nlwarmup 128 "$WARMUP_FIRST" $(( 14000 * WARMUP_FIRST )); nodedup="nlwarmup"
  ceiling=0
  for c in $CONNS; do
    level bare "$c" /bench/ok
    [ "$PER" -gt "$ceiling" ] && ceiling=$PER
  done
  free=0
  for c in $CONNS; do
    level noledger "$c" /webhooks/stripe; nodedup="$nodedup wnoledger$c noledger$c"
    [ "$PER" -gt "$free" ] && free=$PER
  done
  echo "no ledger: best ${free}/s = $(( ceiling > 0 ? 100 * free / ceiling : 0 ))% of the same server's bare-200 ceiling" \
    "of ${ceiling}/s (target >= 60%); durable ledger best ${best}/s"
  echo "ingest heap in use after the no-ledger phases: $(heap) (of 320 MB)"
fi
# The audit: every accepted delivery in the ledger (durable phases) and on the topic, each once.
java -cp "$JAR" io.paybus.deploy.TopicAudit 127.0.0.1:19092 payments.inbound $durable $nodedup > "$DATA/audit.txt"
fail=0
for l in $durable $nodedup; do
  ok=$(accepted "$l"); wraps=$(field wraps "$l")
  read -r _ rec dis < <(grep "^$l " "$DATA/audit.txt"); rec=${rec#records=}; dis=${dis#distinct=}
  # A phase that ran out of bodies sent some twice (wraps > 0): the ledger answered those 200 as
  # duplicates without a row; without the ledger they were published again.
  if [[ " $durable " == *" $l "* ]]; then
    r=$(rows "$l"); verdict=ok
    { [ "$rec" -eq "$r" ] && [ "$dis" -eq "$r" ] && { [ "$wraps" -gt 0 ] || [ "$r" -ge "$ok" ]; }; } || { verdict=FAIL; fail=1; }
    echo "audit $l: accepted=$ok ledger=$r topic=$rec distinct=$dis wraps=$wraps $verdict"
  else
    verdict=ok; { [ "$rec" -ge "$ok" ] && { [ "$wraps" -gt 0 ] || [ "$dis" -eq "$rec" ]; }; } || { verdict=FAIL; fail=1; }
    echo "audit $l: accepted=$ok topic=$rec distinct=$dis wraps=$wraps $verdict"
  fi
done
if [ "$fail" -eq 0 ]; then
  echo "audit: every accepted delivery is on payments.inbound exactly once, and in the ledger where it is on"
else
  echo "audit: FAILED"; exit 1
fi
