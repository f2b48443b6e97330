#!/usr/bin/env bash
# Times `bash .ci/run` on a busy machine: a fresh clone of this repository's HEAD, one CPU burner
# (`yes > /dev/null`, one core busy the whole run) and the load average sampled each minute.
#   bash scripts/timed-ci.sh [log]   (default /tmp/timed-ci.log; the load samples go to <log>.load)
set -uo pipefail
log="${1:-/tmp/timed-ci.log}"
repo="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
clone="$(mktemp -d)/n8n-nodes-talkover"
git clone -q "$repo" "$clone"
# The clone is not beside ../shared: the tests find the API reference (the contract's oracle) through this.
if [ -z "${TALKOVER_API_DIR:-}" ] && [ -f "$repo/../shared/talkover-api/openapi.json" ]; then
	export TALKOVER_API_DIR="$(cd "$repo/../shared/talkover-api" && pwd)"
fi
yes > /dev/null &
burner=$!
( while sleep 60; do echo "LOAD $(date +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; done ) >> "$log.load" &
sampler=$!
start=$(date +%s)
( cd "$clone" && bash .ci/run ) > "$log" 2>&1
rc=$?
kill "$burner" "$sampler"
echo "EXIT $rc WALL $(( $(date +%s) - start )) s" | tee -a "$log"
rm -rf "$(dirname "$clone")"
exit "$rc"
