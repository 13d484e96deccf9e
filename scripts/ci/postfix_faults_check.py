#!/usr/bin/env python3
"""Gateway faults with a real Postfix (started by postfix_e2e.sh with short milter timeouts:
connect 2 s, command 3 s, content 5 s; `milter_default_action = tempfail`).

Each case checks the SMTP reply, which failure Postfix logged, the Maildir and Postfix's queue:
  1. the milter killed (SIGKILL) after DATA started, before the end of the message, while it
     holds the session's connection: 4xx, nothing delivered; restarted, the same message is
     delivered once, scanned (`X-Tamis-Verdict`);
  2. the milter frozen (SIGSTOP: its socket still accepts, nobody answers) before the SMTP
     session: 4xx once Postfix's command timeout has passed, nothing delivered; continued
     (SIGCONT), the same message is delivered once, scanned;
  3. the milter frozen with its queue of connections full: Postfix's connect itself hangs, 4xx
     after the connect timeout, nothing delivered; continued, delivered once, scanned;
  4. the milter frozen during DATA: 4xx once the content timeout has passed, nothing delivered;
     killed and restarted, the same message is delivered once, scanned;
  5. restarted under load: MESSAGES messages of the corpus mix from CLIENTS concurrent SMTP
     clients that act like a sending MTA (on 4xx or a connection error: wait, try again, at most
     ATTEMPTS times), while the milter is stopped and restarted 3 times (SIGKILL, SIGTERM,
     SIGKILL), each time with one more message held mid-DATA and the clients' sessions open. Every message ends delivered
     exactly once and scanned with the verdict `tamis scan` gives it, or refused with 550 when
     that verdict is block; nothing else is delivered; the kills did cause 4xx and nothing else
     did; mail flows after the last restart.
Usage: postfix_faults_check.py TAMIS_BIN SMTP_PORT MILTER_PORT POSTFIX_DIR WORKDIR
"""

import re
import signal
import smtplib
import socket
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
CONNECT_TIMEOUT, COMMAND_TIMEOUT, CONTENT_TIMEOUT = 2, 3, 5  # as postfix_e2e.sh sets them
FILLERS = 5000  # most connections made to fill the frozen milter's queue
MESSAGES, CLIENTS, ATTEMPTS = 300, 12, 40
# How the milter is stopped at each restart under load: killed, or stopped as a service
# restart does (SIGTERM).
STOPS = [signal.SIGKILL, signal.SIGTERM, signal.SIGKILL]
KILLS = len(STOPS)

check = gw.Checks()


def start():
    return gw.start_milter(TAMIS, MILTER_PORT, WORK / "milter-faults.log", pidfile=PIDFILE)


def state(p):
    """The process state letter (R, S, T for stopped…) from /proc."""
    try:
        return Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


def freeze(p):
    p.send_signal(signal.SIGSTOP)
    poll(lambda: state(p) == "T", 5)
    return state(p) == "T"


def thaw(p):
    p.send_signal(signal.SIGCONT)
    poll(lambda: state(p) != "T", 5)


def poll(cond, timeout):
    """Waits until `cond()` holds (True) or `timeout` seconds pass (False)."""
    deadline = time.time() + timeout
    while not cond():
        if time.time() > deadline:
            return False
        time.sleep(0.02)
    return True


def settle(want):
    """The delivered messages once Postfix's queue is empty (and `want` are in the Maildir)."""
    return gw.settled(CONFIG, MAILDIR, want)


class Maillog:
    """Postfix's log from now on, to see which milter failure it met."""

    def __init__(self):
        self.path = PFX / "maillog"
        self.start = self.path.stat().st_size if self.path.exists() else 0

    def has(self, pattern, timeout=5):
        """Some line logged since then matches `pattern` (Postfix logs through postlogd: poll)."""
        rx = re.compile(pattern)

        def found():
            with open(self.path, "rb") as f:
                f.seek(self.start)
                return any(rx.search(line) for line in f.read().decode("utf-8", "replace")
                           .splitlines())
        return poll(found, timeout)


def milter_warning(what):
    """Postfix's warning about this test's milter, then `what`."""
    return rf"warning: milter inet:127\.0\.0\.1:{MILTER_PORT}: {what}"


def copies(case):
    return gw.by_header(MAILDIR, "X-Test-Case").get(case, [])


def case_message(case):
    """A letter to a colleague (it passes), marked with `X-Test-Case: case`."""
    _, to, raw = gw.mix_message(0, "X-Test-Case", case)
    return to, raw


def begin_data(rcpt):
    """An SMTP session at DATA (354 received), for a message cut in the middle."""
    s = smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=60)
    s.ehlo()
    codes = [s.mail(gw.SENDER)[0], s.rcpt(rcpt)[0], s.docmd("DATA")[0]]
    return s, codes == [250, 250, 354]


def stuffed(raw):
    """The message as DATA carries it: CRLF line ends, leading dots doubled."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return re.sub(rb"(?m)^\.", b"..", raw)


def end_data(s, rest):
    """Sends the rest of the message and its final dot: (code, reply text)."""
    s.send(rest + b".\r\n")
    code, text = s.getreply()
    try:
        s.quit()
    except (OSError, smtplib.SMTPException):
        s.close()
    return code, text.decode("utf-8", "replace")


def delivered_once(case, to, raw, when="sent again with the milter back"):
    """The message sent now is delivered once, with the milter's verdict."""
    code, text = gw.smtp_send(SMTP_PORT, gw.SENDER, [to], raw)
    check(code == 250, f"{case}: {when}, accepted ({code} {text!r})")
    settle(0)
    got = copies(case)
    check(len(got) == 1 and gw.header_values(got[0], "X-Tamis-Verdict") == ["pass"],
          f"{case}: delivered once, scanned (X-Tamis-Verdict: pass), {len(got)} copies")


def killed_mid_message():
    case = "killed-mid-message"
    to, raw = case_message(case)
    data = stuffed(raw)
    cut = len(data) // 2
    p = start()
    log = Maillog()
    s, ready = begin_data(to)
    check(ready, f"{case}: MAIL, RCPT, DATA answered 250, 250, 354")
    s.send(data[:cut])
    held = gw.tcp_established(MILTER_PORT)
    check(held >= 1, f"{case}: the milter holds the session's connection when killed ({held})")
    gw.kill_milter(p, signal.SIGKILL, PIDFILE)
    check(p.returncode == -signal.SIGKILL, f"{case}: the milter is dead before the end of data")
    code, text = end_data(s, data[cut:])
    check(400 <= code < 500 and "4.7.1" in text, f"{case}: {code} {text!r}")
    check(log.has(milter_warning("can't (read|send) SMFI")),
          f"{case}: Postfix lost the milter in the middle of the message (its log)")
    settle(0)
    check(not copies(case), f"{case}: nothing delivered")
    t0 = time.time()
    p = start()
    print(f"   (the milter restarted and listens after {time.time() - t0:.2f} s)")
    delivered_once(case, to, raw)
    return p


def frozen_before_session(p):
    case = "frozen-before-session"
    to, raw = case_message(case)
    check(freeze(p), f"{case}: the milter is stopped (SIGSTOP)")
    log = Maillog()
    t0 = time.time()
    code, text = gw.smtp_send(SMTP_PORT, gw.SENDER, [to], raw)
    waited = time.time() - t0
    check(400 <= code < 500 and "4.7.1" in text, f"{case}: {code} {text!r}")
    check(log.has(milter_warning("can't read SMFIC_OPTNEG reply packet header: "
                                 "Connection timed out")),
          f"{case}: Postfix connected, then timed out waiting for the milter (its log)")
    check(COMMAND_TIMEOUT - 0.5 <= waited < 3 * COMMAND_TIMEOUT + 5,
          f"{case}: answered after Postfix's command timeout ({waited:.1f} s)")
    settle(0)
    check(not copies(case), f"{case}: nothing delivered")
    thaw(p)
    delivered_once(case, to, raw)


def connect_hangs(p):
    """The milter frozen with its queue of connections full: Postfix's connect itself hangs."""
    case = "connect-hangs"
    to, raw = case_message(case)
    check(freeze(p), f"{case}: the milter is stopped (SIGSTOP)")
    fillers = fill_accept_queue()
    check(len(fillers) < FILLERS, f"{case}: its queue of connections is full ({len(fillers)})")
    log = Maillog()
    t0 = time.time()
    code, text = gw.smtp_send(SMTP_PORT, gw.SENDER, [to], raw)
    waited = time.time() - t0
    for f in fillers:
        f.close()
    check(400 <= code < 500 and "4.7.1" in text, f"{case}: {code} {text!r}")
    check(log.has(rf"warning: connect to Milter service inet:127\.0\.0\.1:{MILTER_PORT}: "
                  "Connection timed out"),
          f"{case}: Postfix's connection to the milter timed out (its log)")
    check(CONNECT_TIMEOUT - 0.5 <= waited < 3 * CONNECT_TIMEOUT + 5,
          f"{case}: answered after Postfix's connect timeout ({waited:.1f} s)")
    settle(0)
    check(not copies(case), f"{case}: nothing delivered")
    thaw(p)
    delivered_once(case, to, raw)


def fill_accept_queue():
    """Connections to the frozen milter until one is not answered: its queue is full."""
    fillers = []
    for _ in range(FILLERS):
        s = socket.socket()
        s.settimeout(0.3)
        try:
            s.connect(("127.0.0.1", MILTER_PORT))
        except OSError:
            s.close()
            break
        fillers.append(s)
    return fillers


def frozen_during_data(p):
    case = "frozen-during-data"
    to, raw = case_message(case)
    data = stuffed(raw)
    cut = len(data) // 2
    s, ready = begin_data(to)
    check(ready, f"{case}: MAIL, RCPT, DATA answered 250, 250, 354")
    s.send(data[:cut])
    check(freeze(p), f"{case}: the milter is stopped (SIGSTOP) after DATA started")
    log = Maillog()
    t0 = time.time()
    code, text = end_data(s, data[cut:])
    waited = time.time() - t0
    check(400 <= code < 500 and "4.7.1" in text, f"{case}: {code} {text!r}")
    check(log.has(milter_warning(r"can't read SMFIC_\w+ reply packet header: "
                                 "Connection timed out")),
          f"{case}: Postfix timed out waiting for the milter's answer on the message (its log)")
    check(CONTENT_TIMEOUT - 0.5 <= waited < 3 * CONTENT_TIMEOUT + 5,
          f"{case}: answered after Postfix's content timeout ({waited:.1f} s)")
    settle(0)
    check(not copies(case), f"{case}: nothing delivered")
    gw.kill_milter(p, signal.SIGKILL, PIDFILE)
    p = start()
    delivered_once(case, to, raw)
    return p


class Load:
    """The load run's shared state: what each message went through. Messages 0…MESSAGES-1 go
    to the clients' queue; the KILLS after them are held mid-DATA by the killer, each while the
    milter is killed, then queued for the clients to retry."""

    def __init__(self):
        self.total = MESSAGES + KILLS
        self.lock = threading.Lock()
        self.queue = list(range(MESSAGES))
        self.feeding = True  # more messages may still be queued
        self.messages = [gw.mix_message(i, "X-Load-Id", f"L{i}") for i in range(self.total)]
        self.final = {}  # id -> final code (250, 5xx, or None when it gave up)
        self.attempts = []  # (id, start, end, code, reply text)
        self.done = 0

    def next(self):
        """The next message to send, or None when there is none left."""
        while True:
            with self.lock:
                if self.queue:
                    return self.queue.pop(0)
                if not self.feeding:
                    return None
            time.sleep(0.02)

    def record(self, i, t0, code, text):
        with self.lock:
            self.attempts.append((i, t0, time.time(), code, text))

    def client(self):
        """A sending MTA: on 4xx or no connection it waits and tries again, a bounded number
        of times."""
        while (i := self.next()) is not None:
            _, to, raw = self.messages[i]
            final = None
            for attempt in range(ATTEMPTS):
                t0 = time.time()
                code, text = gw.smtp_send(SMTP_PORT, gw.SENDER, [to], raw)
                self.record(i, t0, code, text)
                if code == 250 or 500 <= code < 600:
                    final = code
                    break
                time.sleep(min(0.1 * (attempt + 1), 1.0))
            with self.lock:
                self.final[i] = final
                self.done += 1

    def tempfails_since(self, t):
        with self.lock:
            return sum(1 for _, _, end, c, _ in self.attempts if end >= t and c != 250 and c < 500)


def expected_verdicts(load):
    """{message id: the verdict `tamis scan` gives it}, one scan per kind of letter in the mix."""
    samples = {}
    for i, (_, to, raw) in enumerate(load.messages):
        samples.setdefault(gw.mix_plan(i), (to, raw))
    oracle = gw.oracle_verdicts(TAMIS, WORK, samples)
    return {i: oracle.get(gw.mix_plan(i)) for i in range(load.total)}


def kill_under_load(load, p, i, sig):
    """Stops the milter with `sig` while message `i` is half sent (and the clients' sessions
    are open), waits until the clients meet the fault, restarts it. (new milter, window, held
    code)."""
    _, to, raw = load.messages[i]
    data = stuffed(raw)
    t0 = time.time()
    s, ready = begin_data(to)
    s.send(data[: len(data) // 2])
    killed = time.time()
    if sig == signal.SIGTERM:
        # A service restart: the milter stops listening at once, but the message in progress
        # is finished and answered before it exits.
        p.send_signal(sig)
        poll(lambda: not gw.listening(MILTER_PORT), 10)
        check(not gw.listening(MILTER_PORT), "SIGTERM: the milter stops listening at once")
        code, text = end_data(s, data[len(data) // 2:])
        gw.kill_milter(p, sig, PIDFILE)
    else:
        gw.kill_milter(p, sig, PIDFILE)
        code, text = end_data(s, data[len(data) // 2:])
    load.record(i, t0, code if ready else -1, text)
    # Down until the clients have met the fault too, then back.
    poll(lambda: load.tempfails_since(killed) >= 3, 20)
    seen = load.tempfails_since(killed)
    p = start()
    with load.lock:
        if code == 250 or 500 <= code < 600:
            load.final[i] = code  # finished before the stop: nothing to retry
            load.done += 1
        else:
            load.queue.append(i)  # the held message is retried like any other
    return p, (killed, time.time(), seen), code


def restarted_under_load(p):
    load = Load()
    expected = expected_verdicts(load)
    mix = {v: sum(1 for e in expected.values() if e == v) for v in ("pass", "minimise", "block")}
    check(all(mix.values()) and sum(mix.values()) == load.total,
          f"load: the mix holds messages to pass, minimise and block ({mix})")
    before = len(gw.maildir_files(MAILDIR))
    threads = [threading.Thread(target=load.client, daemon=True) for _ in range(CLIENTS)]
    t_start = time.time()
    for t in threads:
        t.start()
    windows = []  # (killed at, back at, 4xx met before the restart)
    held = []  # the reply to each message held mid-DATA during a kill
    try:
        for k, sig in enumerate(STOPS):
            # Kill when a share of the run is done and the clients' sessions are open.
            poll(lambda: load.done >= MESSAGES * (k + 1) // (KILLS + 2), 120)
            poll(lambda: gw.tcp_established(MILTER_PORT) >= 2, 10)
            p, window, code = kill_under_load(load, p, MESSAGES + k, sig)
            windows.append(window)
            held.append(code)
    finally:
        with load.lock:
            load.feeding = False
        for t in threads:
            t.join(300)
    wall = time.time() - t_start

    final = load.final
    ids = range(load.total)
    accepted = [i for i, c in final.items() if c == 250]
    refused = [i for i, c in final.items() if c is not None and c >= 500]
    gave_up = [i for i in ids if final.get(i) is None]
    files = settle(before + len(accepted))
    got = gw.by_header(MAILDIR, "X-Load-Id")
    tempfails = [a for a in load.attempts if a[3] != 250 and a[3] < 500]
    in_flight = [sum(1 for _, t0, t1, _, _ in tempfails if t0 < killed < t1)
                 for killed, _, _ in windows]
    last_up = windows[-1][1] if windows else t_start
    after = sum(1 for _, t0, _, c, _ in load.attempts if t0 > last_up and c == 250)
    # A 4xx is the fault's when its attempt overlapped a time the milter was down.
    unexplained = [a for a in tempfails
                   if not any(a[1] <= up and a[2] >= killed for killed, up, _ in windows)]

    print(f"load: {load.total} messages ({MESSAGES} queued, {KILLS} held mid-DATA at the kills) "
          f"from {CLIENTS} clients, {len(windows)} kills, wall {wall:.1f} s; "
          f"attempts {len(load.attempts)} (retries {len(load.attempts) - load.total}); "
          f"4xx or no connection {len(tempfails)} "
          f"(no connection {sum(1 for a in tempfails if a[3] == 0)}); "
          f"250 {len(accepted)}, 5xx {len(refused)}, gave up {len(gave_up)}; "
          f"delivered {sum(len(v) for v in got.values())}")
    for k, ((killed, up, seen), hit, code) in enumerate(zip(windows, in_flight, held), 1):
        print(f"   kill {k} ({STOPS[k - 1].name}): down {up - killed:.2f} s, {seen} 4xx met before the restart, "
              f"{hit} of them to sessions open at the kill (the one held mid-DATA: {code})")

    # Killed: the message held mid-DATA gets 4xx; stopped (SIGTERM): it is finished and gets
    # its verdict's reply.
    check(len(held) == KILLS and all(c in (250, 550) if sig == signal.SIGTERM else 400 <= c < 500
                                     for c, sig in zip(held, STOPS)),
          f"load: each message held mid-DATA got 4xx when the milter was killed, its verdict "
          f"when it was stopped ({held})")
    check(all(seen >= 3 for _, _, seen in windows),
          f"load: the clients met 4xx at each of the {KILLS} kills")
    check(not unexplained, f"load: no 4xx while the milter was up ({len(unexplained)}: "
          f"{sorted({(a[3], a[4]) for a in unexplained})[:3]})")
    check(not gave_up, f"load: every message ended accepted or refused ({len(gave_up)} gave up)")
    wrong_5xx = [i for i in refused if expected[i] != "block" or final[i] != 550]
    check(not wrong_5xx, f"load: 5xx only (550) for messages to block ({len(wrong_5xx)} others)")
    not_refused = [i for i in ids if expected[i] == "block" and i not in refused]
    check(not not_refused, f"load: every message to block refused ({len(not_refused)} not)")
    lost = [i for i in accepted if f"L{i}" not in got]
    check(not lost, f"load: every accepted message delivered ({len(lost)} lost)")
    twice = [k for k, v in got.items() if len(v) > 1]
    check(not twice, f"load: no message delivered twice ({len(twice)})")
    leaked = [k for k in got if final.get(int(k[1:])) != 250]
    check(not leaked, f"load: nothing delivered that was refused ({len(leaked)})")
    wrong = [k for k, v in got.items()
             if gw.header_values(v[0], "X-Tamis-Verdict") != [expected[int(k[1:])]]]
    check(not wrong, f"load: each delivered message carries its one verdict ({len(wrong)} not)")
    unscanned = [f.name for f in files
                 if len(gw.header_values(f.read_bytes(), "X-Tamis-Verdict")) != 1]
    check(not unscanned, f"load and cases: nothing in the Maildir unscanned ({len(unscanned)})")
    check(after > 0, f"load: mail accepted after the last restart ({after})")
    return p


def main():
    p = None
    try:
        p = killed_mid_message()
        frozen_before_session(p)
        connect_hangs(p)
        p = frozen_during_data(p)
        p = restarted_under_load(p)
        delivered_once("after", *case_message("after"), "sent after all the faults")
    finally:
        if p is not None:
            gw.kill_milter(p, signal.SIGTERM, PIDFILE)
    return check.verdict()


if __name__ == "__main__":
    sys.exit(main())
