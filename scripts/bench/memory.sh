#!/bin/sh
# Peak resident memory (issue 16 §6), GNU time's maximum RSS of whole processes:
# `tamis scan` of the benches' generated letters as one text of 1 MB and of 10 MB, of the
# bench's 200-page PDF (examples/write_letters.rs writes them), then `tamis batch` over a
# 10,000-message and a 40,000-message archive (scripts/bench/batch.sh).
# Run from anywhere: sh scripts/bench/memory.sh   (builds the release binary first;
# TAMIS_BIN=path skips the build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
if [ -z "${TAMIS_BIN:-}" ]; then
    cargo build --release --quiet --bins --example write_letters
    bin="$target/release/tamis"
else
    bin=$TAMIS_BIN
fi
corpus="$target/peers/corpus"
[ -f "$corpus/letters.txt" ] || "$target/release/examples/write_letters" "$corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$target/release/examples/write_letters" "$tmp/small" 1000000 >/dev/null

rss() { # $1 = label, $2 = input: one scan, its wall time and peak RSS
    s=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" scan --format json --values none "$2" \
        >"$tmp/out.json" || [ $? -eq 1 ] # 1: verdict `minimise`
    e=$(date +%s.%N)
    python3 -c "import sys; s,e,k,b=float(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]); print(f'{sys.argv[5]:<34} {b/1e6:7.2f} MB {e-s:7.2f} s  peak RSS {k/1024:7.1f} MiB')" \
        "$s" "$e" "$(tail -n 1 "$tmp/rss")" "$(wc -c < "$2")" "$1"
}
echo "tamis scan, one input per process"
rss "letters, one 1 MB text" "$tmp/small/letters.txt"
rss "letters, one 10 MB text" "$corpus/letters.txt"
rss "PDF, 200 pages" "$corpus/dossier.pdf"
echo
sh "$here/batch.sh" 10000
