#!/usr/bin/env python3
"""Load run of `tamis milter` behind Postfix (a benchmark, not a test; needs root and postfix).

Usage: python3 scripts/bench/milter_load.py TAMIS_BIN [MESSAGES] [CLIENTS] [--pdf]

Sends MESSAGES messages (default 400) from CLIENTS concurrent SMTP clients (default 8), each
on its own connection, twice through a private Postfix on loopback: once without milter (the
baseline), once with `tamis milter` (enforce mode). The mix comes from corpus/text/ (scripts/ci/gateway.py's
`mix_message`): letters to a colleague of the care team (pass), the same to an address outside
the trust space (block), and letters whose purpose needs less (minimise). Then it checks that none is lost (every accepted
message is delivered, once) and none is delivered unscanned (every delivered message carries
`X-Tamis-Verdict`; none refused is delivered), and prints the counts and the median and 99th
percentile of the time Postfix takes to answer the end of DATA, with and without the milter.

With `--pdf` (issue 16 §4), each message is about 100 KB: the letter's text repeated to about
60 KB and a two-page PDF attached (pages 1-2 of corpus/pdf/producers/libreoffice-odt.pdf, cut
with qpdf).
"""

import os
import shutil
import signal
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/ci"))
import gateway as gw  # noqa: E402
from gateway import SENDER  # noqa: E402

os.chdir(ROOT)
PDF = "--pdf" in sys.argv
ARGS = [a for a in sys.argv[1:] if a != "--pdf"]
TAMIS = ARGS[0]
N = int(ARGS[1]) if len(ARGS) > 1 else 400
CLIENTS = int(ARGS[2]) if len(ARGS) > 2 else 8


def sh(script):
    return subprocess.run(["bash", "-c", ". scripts/ci/postfix_instance.sh; " + script],
                          check=True, capture_output=True, text=True).stdout.strip()


def two_page_pdf():
    out = Path(sh("mktemp /tmp/tamis-milter-load-XXXXXX.pdf"))
    subprocess.run(["qpdf", "--empty", "--pages", "corpus/pdf/producers/libreoffice-odt.pdf",
                    "1-2", "--", str(out)], check=True)
    data = out.read_bytes()
    out.unlink()
    return data


def build(i, pdf=None):
    _, to, raw = gw.mix_message(i)
    if pdf is not None:
        import email
        import email.policy
        m = email.message_from_bytes(raw, policy=email.policy.SMTP)
        text = m.get_content()
        m.set_content(text * max(1, 60_000 // len(text)), cte="8bit")
        m.add_attachment(pdf, maintype="application", subtype="pdf", filename="compte-rendu.pdf")
        raw = m.as_bytes()
    return to, raw


def run(port, messages):
    """Sends all messages; returns {id: (code, seconds)}."""
    results = {}
    lock = threading.Lock()
    queue = list(range(len(messages)))

    def client():
        s = smtplib.SMTP("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                i = queue.pop()
            to, raw = messages[i]
            t0 = time.perf_counter()
            try:
                s.sendmail(SENDER, [to], raw)
                code = 250
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused,
                    smtplib.SMTPRecipientsRefused) as e:
                code = getattr(e, "smtp_code", 0)
                s.rset()
            dt = time.perf_counter() - t0
            with lock:
                results[i] = (code, dt)
        s.quit()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def delivered(pfx, want):
    """{load id: [raw, …]} once `want` messages are in the Maildir and the queue is empty."""
    gw.settled(pfx / "etc", pfx / "mail/inbox", want, timeout=120)
    return {int(k): v for k, v in gw.by_header(pfx / "mail/inbox", "X-Load-Id").items()}


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def one_run(with_milter, messages):
    work = Path(sh("mktemp -d /tmp/tamis-milter-load.XXXXXX"))
    os.chmod(work, 0o755)
    pfx = work / "postfix"
    smtp_port = int(sh("pf_free_port"))
    milter_port = int(sh("pf_free_port")) if with_milter else None
    milter = None
    try:
        sh(f"pf_configure {pfx} {smtp_port} {milter_port or ''}")
        if with_milter:
            milter = gw.start_milter(TAMIS, milter_port, work / "milter.log", timeout=60)
        sh(f"pf_start {pfx}; pf_wait_port {smtp_port}")
        results, wall = run(smtp_port, messages)
        accepted = [i for i, (c, _) in results.items() if c == 250]
        got = delivered(pfx, len(accepted))
    finally:
        sh(f"pf_stop {pfx}")
        if milter:
            gw.kill_milter(milter, signal.SIGTERM)
    return results, wall, accepted, got, work


def main():
    pdf = two_page_pdf() if PDF else None
    messages = [build(i, pdf) for i in range(N)]
    if PDF:
        sizes = sorted(len(raw) for _, raw in messages)
        print(f"messages of {sizes[0] // 1000}-{sizes[-1] // 1000} KB with a two-page PDF "
              f"({len(pdf) // 1000} KB)")
    base, base_wall, base_acc, base_got, base_work = one_run(False, messages)
    res, wall, acc, got, work = one_run(True, messages)

    codes = {}
    for c, _ in res.values():
        codes[c] = codes.get(c, 0) + 1
    lost = [i for i in acc if i not in got]
    twice = [i for i, v in got.items() if len(v) > 1]
    unscanned = [i for i, v in got.items() if any(b"\nX-Tamis-Verdict: " not in r for r in v)]
    leaked = [i for i in got if res[i][0] != 250]
    base_lat = [dt for _, dt in base.values()]
    lat = [dt for _, dt in res.values()]
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"messages: {N} from {CLIENTS} concurrent SMTP clients")
    print(f"without milter: {len(base_acc)} accepted, {len(base_got)} delivered, "
          f"wall {base_wall:.1f} s")
    print(f"with tamis milter: 250 accepted {codes.get(250, 0)}, 550 rejected {codes.get(550, 0)}, "
          f"451 tempfailed {codes.get(451, 0)}, other {N - sum(codes.get(c, 0) for c in (250, 550, 451))}; "
          f"wall {wall:.1f} s")
    print(f"delivered {len(got)}; lost {len(lost)}; delivered twice {len(twice)}; "
          f"delivered unscanned {len(unscanned)}; refused but delivered {len(leaked)}")
    print(f"end-of-DATA latency without milter: median {ms(statistics.median(base_lat))}, "
          f"p99 {ms(pct(base_lat, 99))}")
    print(f"end-of-DATA latency with milter:    median {ms(statistics.median(lat))}, "
          f"p99 {ms(pct(lat, 99))}")
    print(f"added by the milter: median {ms(statistics.median(lat) - statistics.median(base_lat))}, "
          f"p99 {ms(pct(lat, 99) - pct(base_lat, 99))}")
    ok = not lost and not twice and not unscanned and not leaked and len(res) == N
    print("OK: none lost, none delivered unscanned" if ok else f"PROBLEM (logs in {work})")
    if ok:
        shutil.rmtree(base_work, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
