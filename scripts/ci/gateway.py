"""What the gateway scripts share: the corpus mix of messages, `tamis milter` started and
waited for, an SMTP client that behaves like a sending MTA, and the Maildir read back.

Used by postfix_e2e_check.py, postfix_faults_check.py and scripts/bench/milter_load.py.
"""

import email.policy
import json
import signal
import smtplib
import socket
import subprocess
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = [
    "--directory", str(ROOT / "corpus/directory/annuaire.csv"),
    "--annuaire", str(ROOT / "corpus/directory/extract_mssante.txt"),
]
SENDER = "secretariat.medical@ch-exemple.mssante.fr"
COLLEAGUE = "interne.pediatrie@ch-exemple.mssante.fr"
OUTSIDER = "famille.dupuis@gmail.com"
# The corpus letters of each kind of the mix.
MIX_TEXTS = {
    "pass": ["consultation_cardiologie", "memo_activite_anonyme", "courrier_administratif",
             "ordonnance"],
    "block": ["consultation_cardiologie", "memo_activite_anonyme", "lettre_liaison_ehpad",
              "ordonnance"],
    "minimise": ["consultation_cardiologie", "lettre_liaison_ehpad", "ordonnance"],
}
KINDS = ["pass", "pass", "block", "minimise"]


def mix_plan(i):
    """(kind, corpus text) of message `i` of the mix."""
    kind = KINDS[i % len(KINDS)]
    texts = MIX_TEXTS[kind]
    return kind, texts[(i // len(KINDS)) % len(texts)]


def mix_message(i, id_header="X-Load-Id", ident=None):
    """Message `i` of the load mix: (kind, recipient, raw bytes). Kinds: `pass` (a letter to a
    colleague of the care team, for care), `block` (a letter to an address outside the trust
    space), `minimise` (a letter to a colleague whose administrative purpose needs less). The
    verdict a kind should get is the pipeline's: see `oracle_verdicts`. `id_header` carries
    `ident` (default `i`)."""
    kind, text = mix_plan(i)
    to = OUTSIDER if kind == "block" else COLLEAGUE
    m = EmailMessage(policy=email.policy.SMTP)
    m["From"] = SENDER
    m["To"] = to
    m["Subject"] = f"Courrier {i}"
    m["X-Tamis-Purpose"] = "administrative" if kind == "minimise" else "care_coordination"
    m[id_header] = str(i) if ident is None else ident
    m.set_content((ROOT / "corpus/text" / f"{text}.txt").read_text(encoding="utf-8"),
                  cte="8bit")
    return kind, to, m.as_bytes()


def oracle_verdicts(tamis, workdir, samples):
    """{key: verdict} of `tamis scan` for `samples` ({key: (recipient, raw message)}), with
    the envelope the milter would see: what the gateway must decide, found without it."""
    out = {}
    for to in sorted({to for to, _ in samples.values()}):
        files = {}
        for n, (key, (rcpt, raw)) in enumerate(samples.items()):
            if rcpt == to:
                f = Path(workdir) / f"oracle-{n}.eml"
                f.write_bytes(raw)
                files[str(f)] = key
        r = subprocess.run([tamis, "scan", "--format", "json", "--from", SENDER, "--to", to,
                            *SETUP, *files], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            report = json.loads(line)
            out[files[report["input"]]] = report["verdict"]
    return out


class Checks:
    """The checks of a run: each printed as it is made (`ok:` / `FAIL:`), counted for the end."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    def __call__(self, ok, what):
        if ok:
            self.passed += 1
            print(f"ok: {what}")
        else:
            self.failures.append(what)
            print(f"FAIL: {what}")

    def verdict(self):
        """Prints the counts; the exit status (1 when a check failed)."""
        print(f"{self.passed} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0


def listening(port):
    """Whether something accepts on 127.0.0.1:`port` now."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def wait_port(port, proc=None, timeout=30):
    """Waits until something accepts on 127.0.0.1:`port` (and `proc`, if given, still runs)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if listening(port):
            return
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"tamis milter exited with {proc.returncode}")
        time.sleep(0.05)
    raise SystemExit(f"nothing listens on port {port}")


def start_milter(tamis, port, log_path, mode="enforce", pidfile=None, timeout=30):
    """`tamis milter` on 127.0.0.1:`port`, once it accepts connections. Its PID goes to
    `pidfile` (for the shell's clean-up trap)."""
    log = open(log_path, "ab")
    p = subprocess.Popen(
        [tamis, "milter", "--listen", f"inet:127.0.0.1:{port}", "--mode", mode,
         "--timeout", str(timeout), *SETUP],
        stdout=log, stderr=log,
    )
    log.close()
    if pidfile:
        Path(pidfile).write_text(str(p.pid))
    wait_port(port, p)
    return p


def kill_milter(p, sig=signal.SIGKILL, pidfile=None):
    """Ends the milter with `sig` (a stopped one is continued first, so SIGTERM lands too)."""
    if p.poll() is None:
        p.send_signal(sig)
        if sig != signal.SIGKILL:
            p.send_signal(signal.SIGCONT)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if pidfile:
        Path(pidfile).unlink(missing_ok=True)


def smtp_send(port, sender, rcpts, raw, timeout=60):
    """One SMTP transaction on its own connection: (code, reply text). 250 when accepted; a
    connection error is code 0 (the sending MTA tries again, like after a 4xx)."""
    try:
        s = smtplib.SMTP("127.0.0.1", port, timeout=timeout)
    except (OSError, smtplib.SMTPException) as e:
        return 0, type(e).__name__
    try:
        s.sendmail(sender, rcpts, raw)
        code, text = 250, ""
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused, smtplib.SMTPHeloError) as e:
        code, text = e.smtp_code, e.smtp_error.decode("utf-8", "replace")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = next(iter(e.recipients.values()))
        text = text.decode("utf-8", "replace")
    except (OSError, smtplib.SMTPException) as e:
        code, text = 0, type(e).__name__
    try:
        s.quit()
    except (OSError, smtplib.SMTPException):
        s.close()
    return code, text


def maildir_files(maildir):
    """The delivered messages' files (new/ and cur/)."""
    maildir = Path(maildir)
    return [f for d in ("new", "cur") if (maildir / d).is_dir() for f in (maildir / d).iterdir()]


def by_header(maildir, name):
    """{value of header `name`: [raw, …]} over the delivered messages (first occurrence)."""
    prefix = f"{name}: ".encode()
    out = {}
    for f in maildir_files(maildir):
        raw = f.read_bytes()
        head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
        for line in head.split(b"\n"):
            if line.startswith(prefix):
                out.setdefault(line[len(prefix):].strip().decode(), []).append(raw)
                break
    return out


def header_values(raw, name):
    """The values of header `name` in a delivered message."""
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    prefix = f"{name.lower()}: ".encode()
    return [line[len(prefix):].strip().decode("utf-8", "replace")
            for line in head.split(b"\n") if line.lower().startswith(prefix)]


def queue_empty(config_dir):
    """Postfix's queue holds nothing (nothing more will be delivered)."""
    r = subprocess.run(["postqueue", "-c", str(config_dir), "-j"], capture_output=True)
    return r.returncode == 0 and not r.stdout.strip()


def settled(config_dir, maildir, want, timeout=60):
    """Waits until `want` messages are delivered and the queue is empty; the delivered files."""
    deadline = time.time() + timeout
    while True:
        files = maildir_files(maildir)
        if (len(files) >= want and queue_empty(config_dir)) or time.time() > deadline:
            return files
        time.sleep(0.1)


def tcp_established(port):
    """Established TCP connections whose local port is `port` (from /proc/net/tcp)."""
    n = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state = fields[1], fields[3]
        if state == "01" and int(local.split(":")[1], 16) == port:
            n += 1
    return n

