#!/usr/bin/env bash
# Benchmarks that print their figures.
#   ./deploy/bench.sh ingest   (deploy/bench-ingest.sh: env CONNS, WARMUP, DURATION, COLD_*, OVERLOAD_*; ~12 min)
#   ./deploy/bench.sh order  [--commands 100000] [--rate 1000] [--latency-seconds 120] [--rebuild-events 1000000] [--dead-letters 100000] [--search-orders 1000000] [--search-only 1]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-ingest}; shift || true
case "$what" in
  ingest) exec ./deploy/bench-ingest.sh "$@" ;;
  order) main=io.paybus.deploy.OrderBench ;;
  *) echo "unknown benchmark: $what (known: ingest, order)" >&2; exit 2 ;;
esac
./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Xmx1g -Dpaybus.home="$PWD" -Dpaybus.provider-samples="$PWD/provider-samples" \
     -cp deploy/local-stack/target/paybus-local-stack.jar "$main" "$@"
