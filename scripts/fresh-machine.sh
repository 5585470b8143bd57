#!/usr/bin/env bash
# Proof that `npm test` needs only Node 20 and npm (`npm run test:fresh-machine`, as root): runs the full test
# command in a fresh network namespace, where nothing listens on 127.0.0.1 (so no PostgreSQL on 5432), with
# TEST_POSTGRES_URL and CHROMIUM_PATH unset and every folder holding a chromium removed from PATH. The tests must
# then start their own PostgreSQL and Chromium. The machine's own servers are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "fresh-machine.sh needs root (ip netns)" >&2; exit 2; fi

ns="sme-fresh-$$"
ip netns add "$ns"
trap 'ip netns delete "$ns"' EXIT
ip netns exec "$ns" ip link set lo up

path=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -x "$d/chromium" ] || [ -x "$d/chromium-browser" ] || path="${path:+$path:}$d"
done

ip netns exec "$ns" env -u TEST_POSTGRES_URL -u CHROMIUM_PATH PATH="$path" bash -euo pipefail -c '
  if node -e "require(\"net\").connect(5432, \"127.0.0.1\").on(\"connect\", () => process.exit(0)).on(\"error\", () => process.exit(1))"; then
    echo "something listens on 127.0.0.1:5432 in the namespace" >&2; exit 2
  fi
  if command -v chromium || command -v chromium-browser; then echo "a chromium is on PATH" >&2; exit 2; fi
  echo "fresh machine: nothing on 127.0.0.1:5432, no chromium on PATH, TEST_POSTGRES_URL and CHROMIUM_PATH unset"
  npm test
'
