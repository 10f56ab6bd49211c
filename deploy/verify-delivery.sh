#!/usr/bin/env bash
# "Why was this delivery rejected?" Runs a delivery (headers and body from files) through the
# ingest service's verification and translation and says which check failed. Publishes nothing.
#   ./deploy/verify-delivery.sh --provider stripe --headers h.txt --body b.json --secret whsec_...
#   ./deploy/verify-delivery.sh --provider paypal --headers h.txt --body b.json --webhook-id ID --cert-dir DIR [--at INSTANT]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=ingest-service/target/ingest-service.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl ingest-service -am package
exec java -cp "$jar" -Dloader.main=io.paybus.ingest.tools.VerifyCommand \
     org.springframework.boot.loader.launch.PropertiesLauncher "$@"
