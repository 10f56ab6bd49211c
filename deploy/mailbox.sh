#!/usr/bin/env bash
# The mails the local stack's mail server holds for an address (receipts, refunds, operators' alerts):
#   ./deploy/mailbox.sh demo-buyer@example.com
#   ./deploy/mailbox.sh ops@paybus.local
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || { echo "Start the stack first: ./deploy/run-local.sh" >&2; exit 1; }
exec java -cp "$jar" io.paybus.deploy.MailboxCli "$@"
