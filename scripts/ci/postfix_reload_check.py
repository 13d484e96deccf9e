#!/usr/bin/env python3
"""`tamis milter` reloaded (SIGHUP) under load behind a real Postfix (started by postfix_e2e.sh
with its default milter timeouts; `milter_default_action = tempfail`). Issue 17 §3.

The milter runs from a configuration file (`--config`, no `--mode` flag): the directory and the
Annuaire extract are in it, and `[milter] mode = "enforce"` (state A). Messages of the corpus
mix flow from CLIENTS concurrent SMTP clients that act like a sending MTA (on 4xx: wait, try
again). After FIRST messages, the file is replaced by a broken one — `mode = "advise"` and
a directory file that does not exist — and SIGHUP is sent: the reload must fail, say why in the
log (naming the file), and leave state A in service (had any part of the broken file been
taken, messages would pass in advise mode). After SECOND, the file says `mode = "advise"`
(state B), correctly, and SIGHUP is sent again.

The state a message met shows in what became of it: in enforce mode a message to block gets 550
and one to minimise is delivered minimised (its body changed, `X-Tamis-Redaction`); in advise
mode both are delivered as they are with `X-Tamis-Verdict` and `X-Tamis-Summary` and no
`X-Tamis-Redaction`. A message to
pass is the same in both. Checked:
  - every message ends accepted (250) or refused (550), each accepted one delivered exactly once
    with one `X-Tamis-Verdict`, the verdict `tamis scan` gives it; no 5xx but 550 for messages
    to block; nothing lost, nothing delivered twice, no 4xx during the run (a reload does not
    disturb mail);
  - every message that ended before the good reload was sent met state A, including those
    begun after the broken reload had failed;
  - every message begun after the good reload was logged met state B;
  - the log has one failed reload (naming the missing file) and one done.
Usage: postfix_reload_check.py TAMIS_BIN SMTP_PORT MILTER_PORT POSTFIX_DIR WORKDIR
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gateway as gw  # noqa: E402

TAMIS, SMTP_PORT, MILTER_PORT, PFX, WORK = sys.argv[1:6]
SMTP_PORT, MILTER_PORT = int(SMTP_PORT), int(MILTER_PORT)
PFX, WORK = Path(PFX), Path(WORK)
MAILDIR, CONFIG = PFX / "mail/inbox", PFX / "etc"
PIDFILE = WORK / "milter.pid"
LOG = WORK / "milter-reload.log"
TOML = WORK / "tamis.toml"
# The first reload after FIRST messages, the second after SECOND; then the load goes on until
# AFTER messages begun after the good reload are done (building the new state takes a moment,
# and a slow machine sends fewer meanwhile), at most MESSAGES in all.
FIRST, SECOND, AFTER, MESSAGES = 40, 80, 40, 3000
CLIENTS, ATTEMPTS = 8, 20

check = gw.Checks()


def config(mode, directory):
    """The configuration file's text: the corpus directory (or `directory`), the Annuaire
    extract, the milter's mode."""
    return (f'directory = ["{directory}"]\n'
            f'annuaire = ["{gw.ROOT / "corpus/directory/extract_mssante.txt"}"]\n'
            f'[milter]\nmode = "{mode}"\ntimeout = 60\n')


def write_config(text):
    """Replaces the file at once (as an editor or a package upgrade does: a new file renamed)."""
    tmp = TOML.with_suffix(".new")
    tmp.write_text(text)
    os.replace(tmp, TOML)


GOOD_DIRECTORY = gw.ROOT / "corpus/directory/annuaire.csv"
MISSING = WORK / "absent/annuaire.csv"


def start():
    write_config(config("enforce", GOOD_DIRECTORY))
    log = open(LOG, "ab")
    p = subprocess.Popen([TAMIS, "milter", "--config", str(TOML),
                          "--listen", f"inet:127.0.0.1:{MILTER_PORT}"], stdout=log, stderr=log)
    log.close()
    PIDFILE.write_text(str(p.pid))
    gw.wait_port(MILTER_PORT, p)
    return p


def poll(cond, timeout):
    deadline = time.time() + timeout
    while not cond():
        if time.time() > deadline:
            return False
        time.sleep(0.02)
    return True


def log_count(pattern):
    return len(re.findall(pattern, LOG.read_text(errors="replace")))


class Load:
    """What each message went through: attempts (start, end, code) and its final code."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0  # messages handed to the clients
        self.feeding = True
        self.messages = {}  # id -> (kind, recipient, raw), made as the clients ask
        self.final = {}  # id -> (code, start of the last attempt, its end)
        self.attempts = []  # (id, start, end, code, text)
        self.done = 0

    def next(self):
        with self.lock:
            if not self.feeding or self.sent >= MESSAGES:
                return None
            self.sent += 1
            i = self.sent - 1
            self.messages[i] = gw.mix_message(i, "X-Load-Id", f"R{i}")
            return i

    def done_since(self, t):
        """Messages whose last attempt began after `t` and that are done."""
        with self.lock:
            return sum(1 for f in self.final.values() if f and f[1] > t)

    def client(self):
        while (i := self.next()) is not None:
            _, to, raw = self.messages[i]
            final = None
            for attempt in range(ATTEMPTS):
                t0 = time.time()
                code, text = gw.smtp_send(SMTP_PORT, gw.SENDER, [to], raw)
                t1 = time.time()
                with self.lock:
                    self.attempts.append((i, t0, t1, code, text))
                if code == 250 or 500 <= code < 600:
                    final = (code, t0, t1)
                    break
                time.sleep(min(0.1 * (attempt + 1), 1.0))
            with self.lock:
                self.final[i] = final
                self.done += 1


def expected_verdicts():
    """{message id: the verdict `tamis scan` gives it}, one scan per kind of letter in the mix
    (the mix repeats itself well within its first 100 messages)."""
    samples = {}
    for i in range(100):
        _, to, raw = gw.mix_message(i)
        samples.setdefault(gw.mix_plan(i), (to, raw))
    oracle = gw.oracle_verdicts(TAMIS, WORK, samples)
    return {i: oracle.get(gw.mix_plan(i)) for i in range(MESSAGES)}


def body(raw):
    return raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[1]


def hangup(p, pattern, before):
    """Sends SIGHUP and waits until the log says `pattern` once more: (sent at, logged at)."""
    sent = time.time()
    p.send_signal(signal.SIGHUP)
    poll(lambda: log_count(pattern) > before, 30)
    return sent, time.time()


def main():
    p = start()
    try:
        load = Load()
        expected = expected_verdicts()
        mix = {v: sum(1 for e in expected.values() if e == v) for v in ("pass", "minimise", "block")}
        check(all(mix.values()) and sum(mix.values()) == MESSAGES,
              f"the mix holds messages to pass, minimise and block ({mix})")
        before = len(gw.maildir_files(MAILDIR))
        threads = [threading.Thread(target=load.client, daemon=True) for _ in range(CLIENTS)]
        t_start = time.time()
        for t in threads:
            t.start()
        # The broken reload a third of the way in, the good one at two thirds, with the
        # clients' sessions open.
        poll(lambda: load.done >= FIRST, 120)
        write_config(config("advise", MISSING))
        failed = log_count(r"reload failed")
        broken_sent, broken_logged = hangup(p, r"reload failed", failed)
        check(log_count(r"reload failed") == failed + 1,
              "the broken reload is refused and logged")
        poll(lambda: load.done >= SECOND, 120)
        write_config(config("advise", GOOD_DIRECTORY))
        done = log_count(r"configuration reloaded")
        good_sent, good_logged = hangup(p, r"configuration reloaded", done)
        check(log_count(r"configuration reloaded") == done + 1, "the good reload is logged")
        poll(lambda: load.done_since(good_logged) >= AFTER, 120)
        with load.lock:
            load.feeding = False
        for t in threads:
            t.join(300)
        wall = time.time() - t_start
    finally:
        gw.kill_milter(p, signal.SIGTERM, PIDFILE)

    final = load.final
    accepted = [i for i, f in final.items() if f and f[0] == 250]
    refused = [i for i, f in final.items() if f and f[0] >= 500]
    total = load.sent
    gave_up = [i for i in range(total) if not final.get(i)]
    files = gw.settled(CONFIG, MAILDIR, before + len(accepted))
    got = gw.by_header(MAILDIR, "X-Load-Id")
    tempfails = [a for a in load.attempts if a[3] != 250 and a[3] < 500]

    # The state each message met, where its outcome shows it (None for a message to pass).
    state = {}
    for i in range(total):
        f = final.get(i)
        if not f:
            continue
        if f[0] == 550:
            state[i] = "A"
            continue
        copies = got.get(f"R{i}", [])
        if not copies:
            continue
        raw = copies[0]
        verdict = gw.header_values(raw, "X-Tamis-Verdict")
        redaction = gw.header_values(raw, "X-Tamis-Redaction")
        summary = gw.header_values(raw, "X-Tamis-Summary")
        sent = body(load.messages[i][2])
        if verdict == ["block"]:
            state[i] = "B"
        elif verdict == ["minimise"]:
            if summary and not redaction and body(raw) == sent:
                state[i] = "B"
            elif redaction and body(raw) != sent:
                state[i] = "A"
            else:
                state[i] = "?"
    ended_before = [i for i in state if final[i][2] < good_sent]
    after_broken = [i for i in ended_before if final[i][1] > broken_logged]
    begun_after = [i for i in state if final[i][1] > good_logged]

    print(f"reload: {total} messages from {CLIENTS} clients, wall {wall:.1f} s; "
          f"broken reload at {broken_sent - t_start:.2f} s (logged {broken_logged - broken_sent:.3f} s "
          f"later), good reload at {good_sent - t_start:.2f} s (logged {good_logged - good_sent:.3f} s "
          f"later); attempts {len(load.attempts)}, 4xx {len(tempfails)}; 250 {len(accepted)}, "
          f"550 {len(refused)}, gave up {len(gave_up)}; delivered {sum(len(v) for v in got.values())}; "
          f"state shown by {len(state)} (ended before the good reload {len(ended_before)}, of "
          f"them begun after the broken one {len(after_broken)}; begun after the good one "
          f"{len(begun_after)})")

    check(not gave_up, f"every message ended accepted or refused ({len(gave_up)} gave up)")
    check(not tempfails, f"no 4xx during the reloads ({len(tempfails)}: "
          f"{sorted({(a[3], a[4]) for a in tempfails})[:3]})")
    wrong_5xx = [i for i in refused if expected[i] != "block" or final[i][0] != 550]
    check(not wrong_5xx, f"5xx only (550) for messages to block ({len(wrong_5xx)} others)")
    lost = [i for i in accepted if f"R{i}" not in got]
    check(not lost, f"every accepted message delivered ({len(lost)} lost)")
    twice = [k for k, v in got.items() if len(v) > 1]
    check(not twice, f"no message delivered twice ({len(twice)})")
    leaked = [k for k in got if not final.get(int(k[1:])) or final[int(k[1:])][0] != 250]
    check(not leaked, f"nothing delivered that was refused ({len(leaked)})")
    wrong = [k for k, v in got.items()
             if gw.header_values(v[0], "X-Tamis-Verdict") != [expected[int(k[1:])]]]
    check(not wrong, f"each delivered message carries its one verdict ({len(wrong)} not)")
    unscanned = [f.name for f in files if len(gw.header_values(f.read_bytes(), "X-Tamis-Verdict")) != 1]
    check(not unscanned, f"nothing in the Maildir unscanned ({len(unscanned)})")
    mixed = [i for i, s in state.items() if s == "?"]
    check(not mixed, f"each message met one state, whole ({len(mixed)} half minimised)")
    not_a = [i for i in ended_before if state[i] != "A"]
    check(len(ended_before) >= 10 and not not_a,
          f"the {len(ended_before)} messages ended before the good reload met the first state "
          f"({len(not_a)} did not)")
    check(len(after_broken) >= 3,
          f"messages begun after the broken reload failed met the first state "
          f"({len(after_broken)}): it stayed in service")
    not_b = [i for i in begun_after if state[i] != "B"]
    check(len(begun_after) >= 10 and not not_b,
          f"the {len(begun_after)} messages begun after the good reload met the new state "
          f"({len(not_b)} did not)")
    log = LOG.read_text(errors="replace")
    check(str(MISSING) in log or "absent" in log,
          "the failed reload's log line names the missing file")
    return check.verdict()


if __name__ == "__main__":
    sys.exit(main())
