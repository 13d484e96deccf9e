#!/usr/bin/env bash
# End-to-end test of `tamis milter` behind a real Postfix on loopback (run by
# tests/milter_e2e.rs; needs root, postfix and python3). Usage: postfix_e2e.sh TAMIS_BIN [faults|reload]
# Without an argument: the verdicts (postfix_e2e_check.py). With `faults`: the milter killed,
# frozen and restarted under load (postfix_faults_check.py), with short milter timeouts. With
# `reload`: its configuration reloaded (SIGHUP), once broken and once good, under load
# (postfix_reload_check.py).
# Postfix and the milter are stopped (by PID / `postfix stop`) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
TAMIS=${1:?path to the tamis binary}
CHECK=scripts/ci/postfix_e2e_check.py
SETTINGS=()
if [ "${2:-}" = faults ]; then
  CHECK=scripts/ci/postfix_faults_check.py
  # postfix_faults_check.py's CONNECT_, COMMAND_ and CONTENT_TIMEOUT follow these.
  SETTINGS=(milter_connect_timeout=2s milter_command_timeout=3s milter_content_timeout=5s)
elif [ "${2:-}" = reload ]; then
  CHECK=scripts/ci/postfix_reload_check.py
fi
. scripts/ci/postfix_instance.sh
WORK=$(mktemp -d /tmp/tamis-milter-e2e.XXXXXX)
chmod 755 "$WORK"
PFX=$WORK/postfix
SMTP_PORT=$(pf_free_port)
MILTER_PORT=$(pf_free_port)
cleanup() {
  pf_stop "$PFX"
  # SIGKILL: it ends a milter left stopped (SIGSTOP) too.
  if [ -f "$WORK/milter.pid" ]; then kill -KILL "$(cat "$WORK/milter.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT
pf_configure "$PFX" "$SMTP_PORT" "$MILTER_PORT" "${SETTINGS[@]}"
pf_start "$PFX"
pf_wait_port "$SMTP_PORT"
if python3 "$CHECK" "$TAMIS" "$SMTP_PORT" "$MILTER_PORT" "$PFX" "$WORK"; then
  cleanup
  rm -rf "$WORK"
else
  echo "--- milter log"; tail -n 60 "$WORK"/milter-*.log || true
  echo "--- postfix log"; tail -n 60 "$PFX/maillog" || true
  echo "(kept in $WORK)"
  exit 1
fi
