#!/usr/bin/env bash
# The audit log of a service: every operator act and money-moving call (who, when, what, why).
#   ./deploy/audit.sh [--url http://127.0.0.1:18082] [--actor key:local-operator] [--action refund.request]
#                     [--target order:ID] [--since 2026-12-01T00:00:00Z] [--limit 50] [--cursor C]
# Credentials as for dead-letters.sh: PAYBUS_API_KEY, PAYBUS_API_KEY_FILE, or the local stack's operator key.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
url=()
if [ "${1:-}" = "--url" ]; then url=(--url "$2"); shift 2; fi
exec java -Dpaybus.home="$PWD" -cp "$jar" io.paybus.deploy.DeadLetterCli "${url[@]}" audit "$@"
