#!/usr/bin/env bash
# Sends a signed Stripe payment_intent.succeeded to the running local stack and follows the order
# until it is PAID. Options: --order-id ID, --amount MINOR, --currency CODE, --ingest URL, --order URL.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || { echo "Start the stack first: ./deploy/run-local.sh" >&2; exit 1; }
exec java -Dpaybus.provider-samples="$PWD/provider-samples" -cp "$jar" io.paybus.deploy.DemoSender "$@"
