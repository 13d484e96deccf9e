#!/usr/bin/env bash
# End-to-end test of `tamis milter` behind a real Postfix on loopback (run by
# tests/milter_e2e.rs; needs root, postfix and python3). Usage: postfix_e2e.sh TAMIS_BIN
# Postfix and the milter are stopped (by PID / `postfix stop`) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
TAMIS=${1:?path to the tamis binary}
. scripts/ci/postfix_instance.sh
WORK=$(mktemp -d /tmp/tamis-milter-e2e.XXXXXX)
chmod 755 "$WORK"
PFX=$WORK/postfix
SMTP_PORT=$(pf_free_port)
MILTER_PORT=$(pf_free_port)
cleanup() {
  pf_stop "$PFX"
  if [ -f "$WORK/milter.pid" ]; then kill "$(cat "$WORK/milter.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT
pf_configure "$PFX" "$SMTP_PORT" "$MILTER_PORT"
pf_start "$PFX"
pf_wait_port "$SMTP_PORT"
if python3 scripts/ci/postfix_e2e_check.py "$TAMIS" "$SMTP_PORT" "$MILTER_PORT" "$PFX/mail/inbox" "$WORK"; then
  cleanup
  rm -rf "$WORK"
else
  echo "--- milter log"; cat "$WORK"/milter-*.log || true
  echo "--- postfix log"; tail -n 40 "$PFX/maillog" || true
  echo "(kept in $WORK)"
  exit 1
fi
