#!/usr/bin/env python3
"""The milter's end-to-end cases, against a private Postfix (started by postfix_e2e.sh).

Messages built from corpus/text/ and corpus/mail/ go over SMTP to Postfix, which asks
`tamis milter`; then the Maildir shows what arrived. Cases:
  - nothing to remove: delivered, body identical, `X-Tamis-Verdict: pass`;
  - a recipient outside the trust space (in To, or only in the envelope as a Bcc):
    `550 5.7.1` with the rule and the French reason, nothing delivered;
  - a recipient who may not receive everything: delivered minimised, as `tamis redact` makes
    it (body, and the headers that changed: Subject, Content-Type…);
  - several messages on one SMTP connection: each judged on its own;
  - advise mode: the message to minimise goes as it is, with the verdict and counts in headers,
    and so does one that enforce mode refuses (`X-Tamis-Verdict: block`);
  - the milter stopped: `451 4.7.1`, nothing delivered.
Usage: postfix_e2e_check.py TAMIS_BIN SMTP_PORT MILTER_PORT POSTFIX_DIR WORKDIR
"""

import email
import email.policy
import signal
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gateway as gw  # noqa: E402
from gateway import COLLEAGUE, OUTSIDER, SENDER, SETUP  # noqa: E402

TAMIS, SMTP_PORT, MILTER_PORT, PFX, WORK = sys.argv[1:6]
SMTP_PORT, MILTER_PORT = int(SMTP_PORT), int(MILTER_PORT)
MAILDIR, WORK = Path(PFX) / "mail/inbox", Path(WORK)

check = gw.Checks()


def start_milter(mode):
    return gw.start_milter(TAMIS, MILTER_PORT, WORK / f"milter-{mode}.log", mode,
                           pidfile=WORK / "milter.pid")


def stop_milter(p):
    gw.kill_milter(p, signal.SIGTERM, WORK / "milter.pid")


def text_message(case, corpus_file, to, purpose, subject="Courrier"):
    m = EmailMessage(policy=email.policy.SMTP)
    m["From"] = SENDER
    m["To"] = to
    m["Subject"] = subject
    m["X-Tamis-Purpose"] = purpose
    m["X-Test-Case"] = case
    m.set_content(Path(corpus_file).read_text(encoding="utf-8"), cte="8bit")
    return m.as_bytes()


def crlf(raw):
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def with_case(raw, case):
    return f"X-Test-Case: {case}\r\n".encode() + crlf(raw)


def send(raw, rcpts, smtp=None):
    """(code, reply text) of one message; 250 when accepted."""
    own = smtp is None
    s = smtp or smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=60)
    try:
        s.sendmail(SENDER, rcpts, raw)
        return 250, ""
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as e:
        return e.smtp_code, e.smtp_error.decode("utf-8", "replace")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = next(iter(e.recipients.values()))
        return code, text.decode("utf-8", "replace")
    finally:
        if own:
            s.quit()


def delivered(case, wait=True):
    """The delivered copies of a case (raw bytes), waiting a little for delivery."""
    deadline = time.time() + (10 if wait else 0)
    while True:
        found = []
        for d in ("new", "cur"):
            folder = MAILDIR / d
            if folder.is_dir():
                for f in folder.iterdir():
                    raw = f.read_bytes()
                    if f"X-Test-Case: {case}\n".encode() in raw:
                        found.append(raw)
        if found or time.time() > deadline:
            return found
        time.sleep(0.1)


def body(raw):
    raw = raw.replace(b"\r\n", b"\n")
    return raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else b""


def header(raw, name):
    m = email.message_from_bytes(raw, policy=email.policy.default)
    return [str(v) for v in m.get_all(name, [])]


def minimised_by_cli(raw, rcpts):
    """What `tamis redact` makes of the message for these recipients (None when it cannot)."""
    src, out = WORK / "in.eml", WORK / "out.eml"
    src.write_bytes(raw)
    out.unlink(missing_ok=True)
    args = [TAMIS, "redact", *SETUP, "--from", SENDER]
    for r in rcpts:
        args += ["--to", r]
    r = subprocess.run([*args, "--output", str(out), str(src)], capture_output=True)
    return out.read_bytes() if r.returncode == 0 and out.exists() else None


minimised_count = 0


def minimise_case(case, raw):
    """Delivered as `tamis redact` minimises it (body, Subject, Content-Type…)."""
    global minimised_count
    expected = minimised_by_cli(raw, [COLLEAGUE])
    code, text = send(raw, [COLLEAGUE])
    if expected is None:
        check(False, f"{case}: `tamis redact` minimises it (the oracle of this case)")
        return
    minimised_count += 1
    got = delivered(case)
    check(code == 250 and len(got) == 1, f"{case}: accepted and delivered")
    if not got:
        return
    check(body(got[0]) == body(expected), f"{case}: the body delivered is the minimised copy")
    check(body(got[0]) != body(raw), f"{case}: the body changed")
    check(header(got[0], "X-Tamis-Verdict") == ["minimise"], f"{case}: X-Tamis-Verdict: minimise")
    for h in ("Subject", "Content-Type", "Content-Transfer-Encoding", "X-Tamis-Redaction"):
        check(header(got[0], h) == header(expected, h),
              f"{case}: {h} is the minimised copy's ({header(got[0], h)})")


def main():
    milter = start_milter("enforce")
    try:
        # 1. Nothing to remove: delivered as it was.
        raw = text_message("pass", "corpus/text/consultation_cardiologie.txt", COLLEAGUE,
                           "care_coordination", "Compte rendu de consultation")
        code, _ = send(raw, [COLLEAGUE])
        got = delivered("pass")
        check(code == 250 and len(got) == 1, "pass: accepted and delivered once")
        check(bool(got) and body(got[0]) == body(raw), "pass: body delivered identical")
        check(bool(got) and header(got[0], "X-Tamis-Verdict") == ["pass"],
              "pass: X-Tamis-Verdict: pass")

        # The corpus MSSanté message to the patient's own mailbox passes untouched.
        mss = Path("corpus/mail/07_mssante.eml").read_bytes()
        m = email.message_from_bytes(mss, policy=email.policy.default)
        patient = m["To"].addresses[0].addr_spec
        raw = with_case(mss, "mssante")
        code, _ = send(raw, [patient])
        got = delivered("mssante")
        check(code == 250 and len(got) == 1 and body(got[0]) == body(raw),
              "07_mssante.eml to the patient mailbox: delivered, body identical")

        # 2. Outside the trust space: refused with the reason.
        raw = text_message("outsider", "corpus/text/consultation_cardiologie.txt", OUTSIDER,
                           "care_coordination")
        code, text = send(raw, [OUTSIDER])
        check(code == 550 and text.startswith("5.7.1") and "[trust_space]" in text
              and "espace de confiance" in text, f"outsider: 550 5.7.1 with the reason ({text!r})")
        check(not delivered("outsider", wait=False), "outsider: nothing delivered")

        mail01 = Path("corpus/mail/01_texte_utf8.eml").read_bytes()
        to01 = email.message_from_bytes(mail01, policy=email.policy.default)["To"]
        code, text = send(with_case(mail01, "mail01"), [to01.addresses[0].addr_spec])
        check(code == 550 and "5.7.1" in text, "01_texte_utf8.eml to its recipient: 550 5.7.1")

        # A Bcc exists only in the envelope: it decides too.
        raw = text_message("bcc", "corpus/text/consultation_cardiologie.txt", COLLEAGUE,
                           "care_coordination")
        code, text = send(raw, [COLLEAGUE, OUTSIDER])
        check(code == 550 and "[trust_space]" in text, "bcc outside the trust space: 550 5.7.1")
        time.sleep(0.5)
        check(not delivered("bcc", wait=False), "bcc: nothing delivered, to anyone")

        # 3. To minimise (administrative purpose: no health data needed): a plain letter, an
        # ISO-8859-1 quoted-printable message with a diagnosis in its Subject, and a
        # multipart/alternative one.
        raw = text_message("minimise", "corpus/text/consultation_cardiologie.txt", COLLEAGUE,
                           "administrative", "Compte rendu de consultation")
        minimise_case("minimise", raw)
        for name in ("02_latin1_qp", "03_alternative"):
            raw = b"X-Tamis-Purpose: administrative\r\n" + with_case(
                Path(f"corpus/mail/{name}.eml").read_bytes(), name)
            minimise_case(name, raw)

        # 4. Several messages on one connection, each judged on its own; a forged verdict
        # header is replaced.
        s = smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=60)
        a = text_message("conn-a", "corpus/text/memo_activite_anonyme.txt", COLLEAGUE,
                         "care_coordination")
        b = text_message("conn-b", "corpus/text/consultation_cardiologie.txt", OUTSIDER,
                         "care_coordination")
        c = b"X-Tamis-Verdict: pass\r\n" + text_message(
            "conn-c", "corpus/text/memo_activite_anonyme.txt", COLLEAGUE, "care_coordination")
        codes = [send(a, [COLLEAGUE], s)[0], send(b, [OUTSIDER], s)[0], send(c, [COLLEAGUE], s)[0]]
        s.quit()
        check(codes == [250, 550, 250], f"one connection, three messages: {codes}")
        got = delivered("conn-c")
        check(len(got) == 1 and header(got[0], "X-Tamis-Verdict") == ["pass"],
              "a verdict header sent with the message is replaced by the milter's")
    finally:
        stop_milter(milter)

    # 5. The milter down: tempfail, nothing delivered.
    raw = text_message("down", "corpus/text/memo_activite_anonyme.txt", COLLEAGUE,
                       "care_coordination")
    code, text = send(raw, [COLLEAGUE])
    check(code == 451 and "4.7.1" in text, f"milter stopped: 451 4.7.1 ({code} {text!r})")
    time.sleep(0.5)
    check(not delivered("down", wait=False), "milter stopped: nothing delivered")

    # 6. Advise mode: goes as it is, with the verdict and the counts.
    milter = start_milter("advise")
    try:
        raw = text_message("advise", "corpus/text/consultation_cardiologie.txt", COLLEAGUE,
                           "administrative")
        code, _ = send(raw, [COLLEAGUE])
        got = delivered("advise")
        check(code == 250 and len(got) == 1 and body(got[0]) == body(raw),
              "advise: delivered as it was")
        summary = header(got[0], "X-Tamis-Summary") if got else []
        check(bool(got) and header(got[0], "X-Tamis-Verdict") == ["minimise"]
              and len(summary) == 1 and "diagnosis=" in summary[0],
              f"advise: verdict and counts in headers ({summary})")
        # What enforce mode refuses passes too in advise mode, marked: the observation phase.
        raw = text_message("advise-block", "corpus/text/consultation_cardiologie.txt", OUTSIDER,
                           "care_coordination")
        code, text = send(raw, [OUTSIDER])
        got = delivered("advise-block")
        check(code == 250 and len(got) == 1 and body(got[0]) == body(raw),
              f"advise: a message enforce refuses is delivered as it was ({code} {text!r})")
        check(bool(got) and header(got[0], "X-Tamis-Verdict") == ["block"],
              "advise: X-Tamis-Verdict: block")
    finally:
        stop_milter(milter)

    # Nothing else arrived.
    total = sum(1 for d in ("new", "cur") if (MAILDIR / d).is_dir()
                for _ in (MAILDIR / d).iterdir())
    want = 6 + minimised_count
    check(total == want, f"{total} messages delivered in all, {want} expected")
    return check.verdict()


if __name__ == "__main__":
    sys.exit(main())
