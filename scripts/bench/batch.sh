#!/bin/sh
# Batch throughput and memory on a generated archive: N messages (default 10,000, then 4×N to
# show that memory does not grow with the archive) in one mbox and a Maildir, made by cycling
# through the corpus e-mails and the text letters sent as e-mails. Prints messages per second
# and the peak resident memory of `tamis batch` (GNU time), with all cores and with one.
# Run from anywhere: sh scripts/bench/batch.sh [N]   (builds the release binary first;
# TAMIS_BIN=path skips the build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
if [ -z "${TAMIS_BIN:-}" ]; then
    cargo build --release --quiet
    bin="$root/target/release/tamis"
    [ -n "${CARGO_TARGET_DIR:-}" ] && bin="$CARGO_TARGET_DIR/release/tamis"
else
    bin=$TAMIS_BIN
fi

make_archive() { # $1 = count, $2 = folder
    python3 - "$1" "$2" "$root" <<'PY'
import os, sys, pathlib
count, out, root = int(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
mails = sorted((root / "corpus/mail").glob("*.eml"))
letters = sorted((root / "corpus/text").glob("*.txt"))
sources = [m.read_bytes() for m in mails]
for t in letters:
    body = t.read_bytes()
    sources.append(b"From: ide@ehpad-les-tilleuls.mssante.fr\nTo: secretariat.medical@ch-exemple.mssante.fr\n"
                   b"Subject: transmission\nContent-Type: text/plain; charset=utf-8\n\n" + body)
(out / "Maildir/cur").mkdir(parents=True)
(out / "Maildir/new").mkdir(parents=True)
half = count // 2
with open(out / "archive.mbox", "wb") as mbox:
    for i in range(half):
        msg = sources[i % len(sources)].replace(b"\nFrom ", b"\n>From ")
        mbox.write(b"From archive@ehpad.test Mon Jan  6 09:00:00 2025\n" + msg + b"\n\n")
for i in range(count - half):
    (out / "Maildir/cur" / f"{i}.host:2,S").write_bytes(sources[i % len(sources)])
PY
}

run() { # $1 = label, $2 = folder, $3 = jobs
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" batch --jobs "$3" \
        --directory corpus/directory/annuaire.csv -o "$tmp/out.jsonl" "$2" 2>/dev/null || true
    end=$(date +%s.%N)
    lines=$(wc -l < "$tmp/out.jsonl")
    python3 -c "import sys; l,s,e,r=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f'{sys.argv[5]:<22} {l:>7} messages  {e-s:7.2f} s  {l/(e-s):8.0f} msg/s  peak RSS {r/1024:6.1f} MiB')" \
        "$lines" "$start" "$end" "$(tail -n 1 "$tmp/rss")" "$1"
}

jobs=$(nproc)
make_archive "$n" "$tmp/a1"
make_archive $((4 * n)) "$tmp/a4"
echo "tamis batch, $(nproc) cores, $(du -sh "$tmp/a1" | cut -f1) and $(du -sh "$tmp/a4" | cut -f1) archives"
run "N, all cores" "$tmp/a1" "$jobs"
run "N, 1 core" "$tmp/a1" 1
run "4N, all cores" "$tmp/a4" "$jobs"
