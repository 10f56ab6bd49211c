#!/usr/bin/env bash
# The ingest service under exactly the peer benchmark's load (../shared/bench/peer: wrk, one thread,
# pre-signed ~1.6 kB payment_intent.succeeded bodies, each sent once), for side-by-side figures:
# run ../shared/bench/peer/run.sh and this in the same session, nothing else on the machine.
#   ./deploy/bench-peer-load.sh            CONNS="8 32 128" WARMUP=10 DURATION=30 by default
# It starts the local stack (PostgreSQL fsync on, one Kafka broker, the services) in a fresh data
# folder, drives POST /webhooks/stripe (durable ledger on, acks=all), and per level prints wrk's
# RESULT line, the ledger rows that landed (must be >= the 2xx and at most the connections above),
# and the CPU of the ingest JVM, PostgreSQL, Kafka and wrk (% of one core) and of the box (% of all).
set -euo pipefail
cd "$(dirname "$0")/.."
PEER=${PEER_HARNESS:-$PWD/../shared/bench/peer}
FIXTURES=${FIXTURES:-$PEER/../../provider-samples/stripe/object-fixtures.json}
CONNS=${CONNS:-8 32 128}; WARMUP=${WARMUP:-10}; DURATION=${DURATION:-30}
DATA=$(mktemp -d /tmp/paybus-peer-load-XXXX)
command -v wrk >/dev/null || { echo "needs wrk: sudo apt-get install -y wrk" >&2; exit 1; }
[ -f "$PEER/gen.cjs" ] || { echo "needs the peer harness at $PEER (PEER_HARNESS=...)" >&2; exit 1; }
./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
java -Xmx256m -Dpaybus.home="$PWD" -jar deploy/local-stack/target/paybus-local-stack.jar --data "$DATA" --no-demo \
  > "$DATA/stack.log" 2>&1 &
STACK=$!
trap 'kill $STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
until grep -q "Press Ctrl-C" "$DATA/stack.log"; do kill -0 $STACK || { cat "$DATA/stack.log"; exit 1; }; sleep 1; done
# The peer's figure is its ingester alone: so is ours. The consumers (order, billing, notification)
# and the console are stopped, so that the ingest, PostgreSQL and Kafka have the machine's two cores.
for other in order-service billing-service notification-service operator-console; do
  pkill -f "$other.jar" || true
done
SECRET=$(cat "$DATA/credentials/stripe-webhook-secret")
INGEST=$(pgrep -f "ingest-service.jar" | head -1); KAFKA=$(pgrep -f "BrokerMain" | head -1)
rows() { psql -qAt -h 127.0.0.1 -p 15432 -U postgres paybus_ingest -c "select count(*) from webhook_delivery"; }
jiffies() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pgj() { cat /proc/[0-9]*/stat 2>/dev/null | awk '{c=$2} c=="(postgres)" {s+=$14+$15} END {print s+0}'; }
box() { awk 'NR==1 {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
HZ=$(getconf CLK_TCK)
echo "ingest alone under the peer's load: $(java -version 2>&1 | head -1); PostgreSQL $(psql -qAt -h 127.0.0.1 -p 15432 -U postgres -c 'show fsync') fsync"
for c in $CONNS; do
  node "$PEER/gen.cjs" "$FIXTURES" "$SECRET" $(( 3000 * WARMUP + 5000 )) "warm$c" "$DATA/warm.txt"
  BODIES="$DATA/warm.txt" WRK_THREADS=1 wrk -t1 -c"$c" -d"${WARMUP}s" --timeout 10s -s "$PEER/webhooks.lua" \
    http://127.0.0.1:18081/webhooks/stripe > "$DATA/warm-$c.txt"
  rate=$(sed -n 's/^RESULT .*rps=\([0-9]*\).*/\1/p' "$DATA/warm-$c.txt"); rate=${rate:-3000}
  node "$PEER/gen.cjs" "$FIXTURES" "$SECRET" $(( rate * DURATION * 16 / 10 + 10000 )) "meas$c" "$DATA/meas.txt"
  r0=$(rows); i0=$(jiffies "$INGEST"); k0=$(jiffies "$KAFKA"); p0=$(pgj); read -r b0 t0 < <(box); s0=$(date +%s.%N)
  BODIES="$DATA/meas.txt" WRK_THREADS=1 wrk -t1 -c"$c" -d"${DURATION}s" --timeout 10s -s "$PEER/webhooks.lua" \
    http://127.0.0.1:18081/webhooks/stripe > "$DATA/meas-$c.txt" &
  W=$!; sleep 2; WP=$(pgrep -x wrk | head -1 || true); w0=$(jiffies "${WP:-0}")
  sleep $(( DURATION - 4 )); w1=$(jiffies "${WP:-0}")
  wait $W; sleep 1
  r1=$(rows); i1=$(jiffies "$INGEST"); k1=$(jiffies "$KAFKA"); p1=$(pgj); read -r b1 t1 < <(box); s1=$(date +%s.%N)
  el=$(echo "$s1 - $s0" | bc)
  echo "c=$c $(sed -n 's/^RESULT //p' "$DATA/meas-$c.txt") rows=$(( r1 - r0 ))" \
    "cpu: ingest=$(echo "100 * ($i1 - $i0) / ($HZ * $el)" | bc)% pg=$(echo "100 * ($p1 - $p0) / ($HZ * $el)" | bc)%" \
    "kafka=$(echo "100 * ($k1 - $k0) / ($HZ * $el)" | bc)% wrk=$(echo "100 * ($w1 - $w0) / ($HZ * ($DURATION - 4))" | bc)%" \
    "box=$(( 100 * (b1 - b0) / (t1 - t0) ))%"
done
