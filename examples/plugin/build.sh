#!/usr/bin/env bash
# Builds examples/plugin/reverse-rrs.jar against the specverify jar (run ./specverify once first to build it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$here/../.."
out="$(mktemp -d)"
javac -d "$out" -cp "$root/cli/target/specverify.jar" "$here/src/com/example/myscheme/ReverseRrs.java"
mkdir -p "$out/META-INF/services"
cp "$here/META-INF/services/org.specverify.reference.scheme.Scheme" "$out/META-INF/services/"
jar --create --file "$here/reverse-rrs.jar" -C "$out" .
echo "wrote $here/reverse-rrs.jar"
