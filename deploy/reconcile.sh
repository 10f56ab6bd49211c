#!/usr/bin/env bash
# What did we miss? Reconciliation of the providers' events with what their webhooks delivered.
#   ./deploy/reconcile.sh backfill --since 2026-11-01 [--until 2026-11-15] [--account stripe:default]
#   ./deploy/reconcile.sh sweep | runs | follow ID | cancel ID "REASON"
# Credentials as for dead-letters.sh: PAYBUS_API_KEY, PAYBUS_API_KEY_FILE, or the local stack's operator key.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Dpaybus.home="$PWD" -cp "$jar" io.paybus.deploy.ReconcileCli "$@"
