#!/bin/sh
# tamis and its peers (Presidio + spaCy fr_core_news_sm, edsnlp, unpii) side by side in one run:
# makes a virtualenv (target/peers/venv, or $PEERS_VENV) from requirements.txt, then run.py.
# Not run in CI (minutes of Presidio). Run from anywhere: sh benches/peers/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${PEERS_VENV:-$root/target/peers/venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
exec "$venv/bin/python" "$here/run.py" "$@"
