#!/bin/sh
# VRRP failover benchmark (root): keepalived 2.2.7 (K) and keepalived-java (J) in every pairing, same run,
# VRRPv2 multicast, advert_int 1, in kj- namespaces. Usage: bench/vrrp-failover.sh [ROUNDS]
# See vrrp/src/test/java/org/keepalivedjava/vrrp/child/FailoverBenchmark.java for what is measured.
set -e
cd "$(dirname "$0")/.."
CPFILE=$(mktemp)
mvn -B -q package -DskipTests -pl vrrp -am dependency:build-classpath -Dmdep.outputFile="$CPFILE" \
    -Dmdep.includeScope=test
CP="vrrp/target/test-classes:vrrp/target/classes:$(cat "$CPFILE")"
rm -f "$CPFILE"
exec java -cp "$CP" -Dsurefire.test.class.path="$CP" org.keepalivedjava.vrrp.child.FailoverBenchmark "${1:-3}"
