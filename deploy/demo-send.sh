#!/usr/bin/env bash
# Demos against the running local stack (./deploy/run-local.sh):
#   ./deploy/demo-send.sh               a signed Stripe payment_intent.succeeded; follows the order until PAID
#                                       (options: --order-id ID, --amount MINOR, --currency CODE, --ingest URL, --order URL)
#   ./deploy/demo-send.sh paypal        a PayPal checkout through the gateway: the buyer approves (the stub sends
#                                       CHECKOUT.ORDER.APPROVED three times), Paybus captures once, PayPal confirms,
#                                       PAID, receipt, one mail in the buyer's language (options: --locale TAG, --approvals N)
#   ./deploy/demo-send.sh subscription  a signed customer.subscription.created whose period ends in 15 s; follows
#                                       the subscription until billing renewed it (options: --renew-in SECONDS)
#   ./deploy/demo-send.sh missed        payments whose webhooks never arrive, found and recovered by a
#                                       reconciliation sweep (options: --count N, --drop M)
#   ./deploy/demo-send.sh objects       a first install: payments and subscriptions older than Stripe keeps events,
#                                       brought in by an object backfill as snapshots of their state
#   ./deploy/demo-send.sh drift         a refund at Stripe whose webhook is lost: found by a drift check, repaired
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || { echo "Start the stack first: ./deploy/run-local.sh" >&2; exit 1; }
exec java -Dpaybus.home="$PWD" -Dpaybus.provider-samples="$PWD/provider-samples" -cp "$jar" io.paybus.deploy.DemoSender "$@"
