#!/usr/bin/env bash
# The one-command local stack: builds what is needed (tests skipped), then starts a real Kafka
# broker, a real PostgreSQL and the three services on the documented ports, shows a payment going
# through, and runs until Ctrl-C. Data stays in .paybus-local/ across restarts.
# Options are passed on: --data DIR, --no-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building Paybus (tests skipped; ./mvnw verify runs them) ..."
./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Xmx256m -Dpaybus.home="$PWD" -jar deploy/local-stack/target/paybus-local-stack.jar "$@"
