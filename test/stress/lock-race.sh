#!/usr/bin/env bash
# scripts/n8n-host.js withLock (used by ensureHost for every n8n line and for
# .registry-host) lets two processes hold `<entry>.lock` at once when they find a stale lock (its pid dead)
# together: A removes it and takes it, B (which read the same dead pid) removes A's fresh lock and takes it too.
# Measured 2026-11-22: 5 overlaps in 60 tries (1/10, 0/20, 4/30). Then both install into their temp folders and the second renames
# the first's finished entry away and deletes it (ensureHost: entry → .old-<pid>, rm) while the first may
# already run n8n from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
overlaps=0
for i in $(seq 1 "${1:-10}"); do
	d=$(mktemp -d); mkdir "$d/x.lock"; echo 999999 > "$d/x.lock/pid"   # a lock left by a dead process
	t=$(( $(date +%s%3N) + 400 ))
	node test/stress/lock-holder.js "$PWD/scripts/n8n-host.js" "$d/x.lock" "$d/log" "$t" &
	node test/stress/lock-holder.js "$PWD/scripts/n8n-host.js" "$d/x.lock" "$d/log" "$t"; wait
	if [ "$(head -2 "$d/log" | grep -c enter)" = 2 ]; then overlaps=$((overlaps + 1)); cat "$d/log"; fi
	rm -rf "$d"
done
echo "both inside the lock at once: $overlaps of ${1:-10}"
[ "$overlaps" -eq 0 ]
