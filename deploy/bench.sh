#!/usr/bin/env bash
# Benchmarks that print their figures. Usage: ./deploy/bench.sh ingest [--seconds N] [--connections 8,32,128]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-ingest}; shift || true
case "$what" in
  ingest) main=io.paybus.deploy.IngestBench ;;
  *) echo "unknown benchmark: $what (known: ingest)" >&2; exit 2 ;;
esac
./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Xmx1g -Dpaybus.home="$PWD" -Dpaybus.provider-samples="$PWD/provider-samples" \
     -cp deploy/local-stack/target/paybus-local-stack.jar "$main" "$@"
