#!/usr/bin/env bash
# Operators' tool for every service's dead letters: list, inspect, replay, replay-key, replay-all, discard.
#   ./deploy/dead-letters.sh list --key ORDER                       (the order service, the default)
#   ./deploy/dead-letters.sh --url http://127.0.0.1:18083 list      (the billing service)
#   ./deploy/dead-letters.sh discard 12 "duplicate of a manual correction"
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Dpaybus.home="$PWD" -cp "$jar" io.paybus.deploy.DeadLetterCli "$@"
