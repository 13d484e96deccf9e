#!/usr/bin/env python3
"""Static checks of corpus/ordinary and corpus/cases/whose.toml (standard library only).

- labels.toml: every [[message]] names an existing file, with known kind / purpose / verdict
  and the fields of the README; every .eml of the folder has exactly one label; at least 110
  messages, at least 100 of them "pass"; a non-pass message says whose data (cared_for) and
  which (health).
- every .eml parses with the `email` package without defects; every part's transfer encoding
  decodes; every `cid:` of an HTML body points at a part of the message.
- every label string (structure, staff, other, cared_for, health) occurs in the decoded text
  of its message: headers, text/plain, text/html (tags stripped, entities decoded), text/csv,
  iCalendar and vCard (lines unfolded, escapes undone), PDFs (the literal strings of their
  uncompressed content streams), compared case-insensitively with whitespace collapsed.
- corpus/cases/whose.toml: known keys, categories, purposes and verdicts; every input exists
  (a path under corpus/); every keep / remove / absent text occurs in its document (decoded
  the same way when the document is an e-mail).

Usage: python3 corpus/ordinary/check.py   (from anywhere; Python >= 3.11)
Exit status 0 when everything holds, 1 otherwise.
"""

import email
import email.policy
import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
WHOSE = CORPUS / "cases" / "whose.toml"

KINDS = {"purchase_order", "invoice", "hr_payroll", "facilities", "family_event", "partner",
         "town_council_report", "newsletter", "meeting_invitation", "contact_card", "job_posting",
         "training", "supplier_quote"}
PURPOSES = {"care_coordination", "care_continuity", "prevention", "medico_social_follow_up",
            "social_follow_up", "administrative"}
VERDICTS = {"pass", "minimise", "block"}
CATEGORIES = {
    "nir", "rpps", "adeli", "finess", "siret", "ipp", "person_name", "birth_date", "address",
    "phone", "email", "iban", "diagnosis", "medication", "procedure", "clinical_finding",
    "disability_dependency", "body_measure", "care_setting", "social_benefit", "sick_leave",
}
MESSAGE_KEYS = {"file", "kind", "format", "from", "to", "purpose", "verdict", "why", "structure",
                "staff", "other", "cared_for", "health"}
CASE_KEYS = {"name", "input", "purpose", "to", "from", "care_team", "consent", "opposition",
             "verdict", "why", "keep", "remove", "absent"}

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.cids = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self.skip += 1
        if tag in ("br", "p", "div", "tr", "td", "th", "li"):
            self.out.append("\n")
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if src.lower().startswith("cid:"):
                self.cids.append(src[4:])

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head") and self.skip:
            self.skip -= 1
        if tag in ("p", "div", "td", "th"):
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def unfold_structured(text):
    """iCalendar / vCard: unfold (CRLF + space or tab), undo the escapes."""
    text = re.sub(r"\r?\n[ \t]", "", text)
    return (text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\"))


PDF_ESC = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "(": "(", ")": ")", "\\": "\\"}


def pdf_text(data):
    """The literal strings of uncompressed content streams (what reportlab writes with
    pageCompression=0), decoded as cp1252; enough to find a label, not a PDF reader."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        body = m.group(1)
        i = 0
        while True:
            i = body.find(b"(", i)
            if i < 0:
                break
            depth, j, buf = 1, i + 1, bytearray()
            while j < len(body) and depth:
                c = body[j:j + 1]
                if c == b"\\" and j + 1 < len(body):
                    n = body[j + 1:j + 2]
                    if n.isdigit():
                        k = j + 1
                        while k < len(body) and k < j + 4 and body[k:k + 1].isdigit():
                            k += 1
                        buf.append(int(body[j + 1:k], 8) & 0xFF)
                        j = k
                        continue
                    buf.extend(PDF_ESC.get(n.decode("latin-1"), n.decode("latin-1")).encode("latin-1"))
                    j += 2
                    continue
                if c == b"(":
                    depth += 1
                elif c == b")":
                    depth -= 1
                    if depth == 0:
                        break
                buf.extend(c)
                j += 1
            out.append(buf.decode("cp1252", "replace"))
            i = j + 1
        out.append("\n")
    return " ".join(out)


def decoded_text(path, where):
    """Headers and every readable part of an e-mail, decoded; checks parse and decoding."""
    raw = path.read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    chunks = []
    cids, cid_refs = set(), []
    for part in msg.walk():
        for d in part.defects:
            err(where, f"MIME defect in a {part.get_content_type()} part: {type(d).__name__}")
        for h in ("From", "To", "Cc", "Subject"):
            if part is msg and part[h]:
                chunks.append(str(part[h]))
        if part.get("Content-ID"):
            cids.add(part["Content-ID"].strip().strip("<>"))
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        try:
            payload = part.get_payload(decode=True)
        except Exception as e:  # noqa: BLE001 - any decoding failure is a corpus error
            err(where, f"{ctype}: payload does not decode ({e})")
            continue
        if payload is None:
            err(where, f"{ctype}: no payload")
            continue
        if part.get_content_maintype() == "text":
            cs = part.get_content_charset() or "us-ascii"
            try:
                text = payload.decode(cs)
            except (LookupError, UnicodeDecodeError) as e:
                err(where, f"{ctype}: does not decode as {cs} ({e})")
                continue
            if ctype == "text/html":
                p = Text()
                p.feed(text)
                chunks.append("".join(p.out))
                cid_refs += p.cids
            elif ctype in ("text/calendar", "text/vcard", "text/x-vcard"):
                if not text.startswith("BEGIN:"):
                    err(where, f"{ctype}: does not start with BEGIN")
                chunks.append(unfold_structured(text))
            else:
                chunks.append(text)
        elif ctype in ("application/ics",):
            chunks.append(unfold_structured(payload.decode("utf-8")))
        elif ctype == "application/pdf":
            if not payload.startswith(b"%PDF-"):
                err(where, "application/pdf part is not a PDF")
            chunks.append(pdf_text(payload))
        elif ctype.startswith("image/"):
            if not (payload.startswith(b"\x89PNG") or payload.startswith(b"GIF8")):
                err(where, f"{ctype}: not a PNG or GIF")
    for ref in cid_refs:
        if ref not in cids:
            err(where, f"cid:{ref} points at no part")
    return "\n".join(chunks)


def norm(s):
    return re.sub(r"\s+", " ", s).strip().casefold()


def check_ordinary():
    labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))["message"]
    seen = set()
    passing = 0
    for lab in labels:
        f = lab.get("file", "?")
        where = f"ordinary/{f}"
        for k in set(lab) - MESSAGE_KEYS:
            err(where, f"unknown key {k}")
        for k in ("file", "kind", "from", "to", "purpose", "verdict", "why", "structure", "staff"):
            if k not in lab:
                err(where, f"missing {k}")
        if f in seen:
            err(where, "labelled twice")
        seen.add(f)
        if lab.get("kind") not in KINDS:
            err(where, f"kind {lab.get('kind')}")
        if lab.get("purpose") not in PURPOSES:
            err(where, f"purpose {lab.get('purpose')}")
        if lab.get("verdict") not in VERDICTS:
            err(where, f"verdict {lab.get('verdict')}")
        if lab.get("verdict") == "pass":
            passing += 1
        elif not lab.get("cared_for") or not lab.get("health"):
            err(where, "a message that does not pass must say cared_for and health")
        path = HERE / f
        if not path.is_file():
            err(where, "no such file")
            continue
        text = norm(decoded_text(path, where))
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if lab.get("from") and lab["from"].lower() not in str(msg["From"]).lower():
            err(where, f"from {lab['from']} is not the From header")
        hdr_to = str(msg["To"] or "").lower() + str(msg["Cc"] or "").lower()
        for a in lab.get("to", []):
            if a.lower() not in hdr_to:
                err(where, f"to {a} is not in To/Cc")
        for key in ("structure", "staff", "other", "cared_for", "health"):
            for s in lab.get(key, []):
                if norm(s) not in text:
                    err(where, f"{key} {s!r} not in the decoded message")
    on_disk = {p.name for p in HERE.glob("*.eml")}
    for f in sorted(on_disk - seen):
        err(f"ordinary/{f}", "no label")
    if len(labels) < 110:
        err("ordinary", f"{len(labels)} messages, at least 110 wanted")
    if passing < 100:
        err("ordinary", f"{passing} messages that pass, at least 100 wanted")
    return len(labels), passing


def check_whose():
    if not WHOSE.is_file():
        err("whose.toml", "missing")
        return 0
    cases = tomllib.loads(WHOSE.read_text(encoding="utf-8"))["case"]
    names = set()
    docs = {}
    for c in cases:
        where = f"whose.toml/{c.get('name', '?')}"
        for k in set(c) - CASE_KEYS:
            err(where, f"unknown key {k}")
        for k in ("name", "input", "verdict", "why"):
            if k not in c:
                err(where, f"missing {k}")
        if c.get("name") in names:
            err(where, "name twice")
        names.add(c.get("name"))
        if c.get("verdict") not in VERDICTS:
            err(where, f"verdict {c.get('verdict')}")
        if "purpose" in c and c["purpose"] not in PURPOSES:
            err(where, f"purpose {c['purpose']}")
        path = CORPUS / c.get("input", "")
        if not path.is_file():
            err(where, f"no input {c.get('input')}")
            continue
        if path not in docs:
            if path.suffix == ".eml":
                docs[path] = norm(decoded_text(path, f"whose/{path.name}"))
            else:
                docs[path] = norm(path.read_text(encoding="utf-8"))
        for key in ("keep", "remove", "absent"):
            for lab in c.get(key, []):
                if lab.get("category") not in CATEGORIES:
                    err(where, f"{key}: category {lab.get('category')}")
                if set(lab) - {"category", "text"}:
                    err(where, f"{key}: unknown keys {set(lab) - {'category', 'text'}}")
                if norm(lab.get("text", "")) not in docs[path]:
                    err(where, f"{key} {lab.get('text')!r} not in {c.get('input')}")
        kept = {(l["category"], norm(l["text"])) for l in c.get("keep", [])}
        for l in c.get("remove", []):
            if (l["category"], norm(l["text"])) in kept:
                err(where, f"{l['text']!r} both kept and removed")
    return len(cases)


def main():
    n, passing = check_ordinary()
    w = check_whose()
    for e in errors:
        print(e)
    print(f"ordinary: {n} messages, {passing} pass; whose.toml: {w} cases; {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
