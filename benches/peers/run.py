"""tamis and its peers side by side, in one run, over one generated corpus (issue 16 §7).

Writes the benches' letter corpus (examples/write_letters.rs: 10 MB, one letter a file), then
runs under GNU time (peak RSS) `tamis batch` (one job, then every core), `tamis scan` (the
letters as files in one process, then the same letters as one 10 MB file), unpii (one
thread, then every core), edsnlp's rule-based pipeline and Presidio with spaCy
fr_core_news_sm. Prints MB/s, documents/s, peak RSS and the ratio tamis/peer, as Markdown,
and keeps it in target/peers/results.md.

Run through run.sh (it makes the virtualenv). Presidio and edsnlp are slow (well under
0.1 MB/s here): by default they read the first PEERS_SLOW_DOCS letters (500) of the same
folder; PEERS_SLOW_DOCS=0 gives them the whole corpus (hours on two cores).
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target" / "peers"
PY = sys.executable
HERE = Path(__file__).resolve().parent
TIME = "/usr/bin/time"


def sh(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, stdout=subprocess.DEVNULL, env=None, ok=(0,)):
    """Runs cmd under GNU time: (wall seconds, CPU seconds (user + system), peak RSS in MiB,
    its standard output)."""
    log = OUT / "time.txt"
    start = time.perf_counter()
    p = subprocess.run(
        [TIME, "-v", "-o", str(log), *map(str, cmd)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
    )
    wall = time.perf_counter() - start
    if p.returncode not in ok:
        sys.stderr.write(p.stderr.decode(errors="replace")[-3000:])
        raise SystemExit(f"failed: {cmd}")
    text = log.read_text()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", text)[1])
              for k in ("User", "System"))
    return wall, cpu, rss / 1024, p.stdout


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not os.environ.get("PEERS_NO_BUILD"):
        sh(["cargo", "build", "--release", "--bins", "--example", "write_letters"], cwd=ROOT)
    tamis = target / "release" / "tamis"
    corpus = OUT / "corpus"
    if not (corpus / "letters.txt").exists():
        sh([target / "release" / "examples" / "write_letters", corpus])
    letters = corpus / "letters"
    files = sorted(letters.glob("*.txt"))
    total = sum(f.stat().st_size for f in files)
    slow_docs = int(os.environ.get("PEERS_SLOW_DOCS", "500"))

    rows = []

    def row(name, cores_used, docs, size, wall, cpu, rss, spans, note=""):
        rows.append(
            dict(name=name, cores=cores_used, docs=docs, bytes=size, seconds=wall, cpu=cpu,
                 rss=rss, spans=spans, note=note)
        )
        print(f"{name:<30} {size / 1e6 / wall:8.3f} MB/s {size / 1e6 / cpu:8.3f} MB/CPU s "
              f"{docs / wall:9.1f} docs/s "
              f"{rss:8.1f} MiB  ({docs} docs, {wall:.2f} s)", file=sys.stderr, flush=True)

    # tamis: whole processes (start-up, dictionaries, every stage, the JSON Lines written);
    # exit status 1 says some verdict is `minimise`, as expected here.
    directory = ROOT / "corpus" / "directory" / "annuaire.csv"
    for jobs in sorted({1, cores}):
        out = OUT / f"batch{jobs}.jsonl"
        wall, cpu, rss, _ = timed([tamis, "batch", "--jobs", jobs, "--directory", directory,
                              "-o", out, letters], ok=(0, 1))
        lines = [json.loads(l) for l in out.read_text().splitlines() if l.strip()]
        docs = [l for l in lines if "findings" in l]
        spans = sum(len(l["findings"]) for l in docs)
        row(f"tamis batch --jobs {jobs}", jobs, len(files), total, wall, cpu, rss, spans)
    # `tamis scan` over the same files in one process, then the same letters as one file.
    wall, cpu, rss, stdout = timed([tamis, "scan", "--format", "json", "--values", "none",
                               *files], stdout=subprocess.PIPE, ok=(0, 1))
    spans = sum(len(json.loads(l).get("findings", [])) for l in stdout.decode().splitlines()
                if l.strip())
    row("tamis scan (files)", 1, len(files), total, wall, cpu, rss, spans)
    one = corpus / "letters.txt"
    wall, cpu, rss, stdout = timed([tamis, "scan", "--format", "json", "--values", "none", one],
                                   stdout=subprocess.PIPE, ok=(0, 1))
    spans = sum(len(json.loads(l).get("findings", [])) for l in stdout.decode().splitlines()
                if l.strip())
    row("tamis scan (one 10 MB file)", 1, 1, one.stat().st_size, wall, cpu, rss, spans)

    # Peers: processing time alone (their model or rules loaded first, shown apart).
    env = dict(os.environ, TQDM_DISABLE="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    for peer, cores_used, limit in [
        ("unpii", 1, 0),
        ("unpii-all", cores, 0),
        ("edsnlp", 1, slow_docs),
        ("presidio", 1, slow_docs),
    ]:
        args = [PY, HERE / "peer.py", peer, letters] + ([str(limit)] if limit else [])
        wall, cpu, rss, stdout = timed(args, stdout=subprocess.PIPE, env=env)
        r = json.loads(stdout.decode().strip().splitlines()[-1])
        note = f"load {r['load_s']:.1f} s apart"
        if limit:
            note += f"; first {r['docs']} letters"
        row(peer if peer != "unpii-all" else "unpii (every core)", cores_used, r["docs"],
            r["bytes"], r["run_s"], r["cpu_s"], rss, r["spans"], note)

    (OUT / "results.json").write_text(json.dumps(rows, indent=1))
    ref1 = next(r for r in rows if r["name"] == "tamis batch --jobs 1")
    refn = next(r for r in rows if r["name"] == f"tamis batch --jobs {cores}")
    lines = [
        "| program | cores | documents | MB | wall s | MB/s | docs/s | CPU s | MB per CPU s "
        "| peak RSS MiB | spans | tamis batch ÷ it (MB/s; per CPU s) | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        mbs = r["bytes"] / 1e6 / r["seconds"]
        mbc = r["bytes"] / 1e6 / r["cpu"]
        ref = ref1 if r["cores"] == 1 else refn
        ratio = (ref["bytes"] / 1e6 / ref["seconds"]) / mbs
        ratio_cpu = (ref["bytes"] / 1e6 / ref["cpu"]) / mbc
        lines.append(
            f"| {r['name']} | {r['cores']} | {r['docs']} | {r['bytes'] / 1e6:.2f} "
            f"| {r['seconds']:.2f} | {mbs:.3f} | {r['docs'] / r['seconds']:.1f} "
            f"| {r['cpu']:.2f} | {mbc:.3f} | {r['rss']:.0f} | {r['spans']} "
            f"| ×{ratio:.2f}; ×{ratio_cpu:.2f} | {r['note']} |"
        )
    load = os.getloadavg()[0]
    head = (f"{len(files)} letters, {total / 1e6:.2f} MB; {cores} cores "
            f"({os.uname().machine}); load average at the end "
            f"{load:.1f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    table = head + "\n\n" + "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
