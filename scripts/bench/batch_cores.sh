#!/bin/sh
# Whole-pipeline throughput per core count (issue 16 §5): `tamis batch` over the benches' 10 MB
# letter corpus (examples/write_letters.rs: 5,643 letters, one a file) with --jobs 1, 2 and all
# cores: MB/s, MB/s per core, letters/s, speed-up over one job. Then the single large input:
# the same letters as one 10 MB file, alone and among the 5,643 small ones, with 1 job and all
# cores — it should cost what its size says (its own time, added to the rest or overlapping it).
# Run from anywhere: sh scripts/bench/batch_cores.sh   (builds the release binary first;
# TAMIS_BIN=path skips the build). Times are whole processes (start-up included), best of 3.
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
# One folder with the small letters and the large file among them (hard links: no copy).
mkdir -p "$tmp/mixed"
cp -al "$corpus/letters/." "$tmp/mixed/"
ln "$corpus/letters.txt" "$tmp/mixed/02821-large.txt" 2>/dev/null ||
    cp "$corpus/letters.txt" "$tmp/mixed/02821-large.txt"
mkdir -p "$tmp/large"
ln "$corpus/letters.txt" "$tmp/large/large.txt" 2>/dev/null || cp "$corpus/letters.txt" "$tmp/large/"

best() { # $1 = jobs, $2 = path: prints "wall cpu" of the fastest of 3 runs, in seconds
    b=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$bin" batch --jobs "$1" \
            --directory corpus/directory/annuaire.csv -o "$tmp/out.jsonl" "$2" 2>/dev/null ||
            [ $? -eq 1 ] # 1: some verdict is `minimise`
        b=$(python3 -c "import sys; w,u,s=map(float,open(sys.argv[1]).read().split()[-3:]); b=sys.argv[2].split(); print(f'{w} {u+s}' if not b or w<float(b[0]) else sys.argv[2])" "$tmp/time" "$b")
    done
    echo "$b"
}

bytes=$(cat "$corpus"/letters/*.txt | wc -c)
count=$(ls "$corpus/letters" | wc -l)
cores=$(nproc)
echo "tamis batch over $count letters ($bytes bytes), $cores cores, load average $(cut -d' ' -f1 /proc/loadavg)"
echo "jobs   wall s     MB/s  MB/s/core  letters/s  speed-up   CPU s  MB per CPU s"
t1=""
for jobs in $(printf '%s\n' 1 2 "$cores" | sort -nu); do
    t=$(best "$jobs" "$corpus/letters")
    [ -z "$t1" ] && t1=$t
    python3 -c "import sys; j,(t,c),(t1,_),b,n=int(sys.argv[1]),map(float,sys.argv[2].split()),map(float,sys.argv[3].split()),int(sys.argv[4]),int(sys.argv[5]); print(f'{j:>4} {t:8.2f} {b/1e6/t:8.2f} {b/1e6/t/j:10.2f} {n/t:10.0f}  x{t1/t:.2f} {c:9.2f} {b/1e6/c:9.2f}')" \
        "$jobs" "$t" "$t1" "$bytes" "$count"
done
echo "(load average now $(cut -d' ' -f1 /proc/loadavg): with other work on the cores, the wall speed-up shows what was free)"
echo
echo "one large input (the same letters as one $(wc -c < "$corpus/letters.txt")-byte file)"
echo "case                              jobs   wall s    CPU s"
for jobs in $(printf '%s\n' 1 "$cores" | sort -nu); do
    for case in large mixed; do
        t=$(best "$jobs" "$tmp/$case")
        label="the large file alone"
        [ "$case" = mixed ] && label="large among the $count letters"
        printf '%-33s %5s %8.2f %8.2f\n' "$label" "$jobs" $t
    done
    printf '%-33s %5s %8.2f %8.2f\n' "the $count letters alone" "$jobs" $(best "$jobs" "$corpus/letters")
done
