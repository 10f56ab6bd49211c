#!/usr/bin/env bash
# Operators' tool for the order service's dead letters: list, inspect, replay, replay-order, discard.
#   ./deploy/dead-letters.sh list --order ORDER
#   ./deploy/dead-letters.sh discard 12 "duplicate of a manual correction"
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Dpaybus.home="$PWD" -cp "$jar" io.paybus.deploy.DeadLetterCli "$@"
