# Sourced by .ci/run: unsets every TALKOVER_* variable but the locations of the n8n cache and of the API
# reference (TALKOVER_N8N_CACHE, TALKOVER_API_DIR, TALKOVER_API_DOCS), so that a variable left in the shell
# (TALKOVER_N8N_VERSION, TALKOVER_INSTALL_LINES, TALKOVER_N8N_LINE, TALKOVER_REAL…) cannot narrow CI or swap
# a line's pinned n8n while the run still passes.
for talkover_name in $(compgen -e | grep '^TALKOVER_' || true); do
	case "$talkover_name" in
		TALKOVER_N8N_CACHE | TALKOVER_API_DIR | TALKOVER_API_DOCS) ;;
		*) unset "$talkover_name" ;;
	esac
done
unset talkover_name
