#!/usr/bin/env bash
# Drift between our state and the providers' (order and billing services' /admin/drift):
#   ./deploy/drift.sh check --order ID | --subscription ID | --sample N [--billing] [--reason R]
#   ./deploy/drift.sh findings [--order ID | --subscription ID] [--billing]
#   ./deploy/drift.sh repair --order ID | --subscription ID --reason R
# Credentials as for dead-letters.sh: PAYBUS_API_KEY, PAYBUS_API_KEY_FILE, or the local stack's operator key.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=deploy/local-stack/target/paybus-local-stack.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl deploy/local-stack -am package
exec java -Dpaybus.home="$PWD" -cp "$jar" io.paybus.deploy.DriftCli "$@"
