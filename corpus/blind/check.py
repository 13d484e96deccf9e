#!/usr/bin/env python3
"""Checks the blind evaluation set (corpus/blind/): every label's text occurs in its document's
text at least `count` times, categories and fields are valid, actions are present when a case is.

Text extraction (the text a reader sees, whitespace runs collapsed to one space):
- .txt: the file (UTF-8);
- .eml: the Subject header, then every text/plain and text/html part decoded (HTML: tags removed,
  entities decoded), text attachments included;
- .pdf: `pdftotext` output; the rendered source text `NAME.pdf.txt` beside it is checked too;
- .xml (CDA): text nodes, plus the values a CDA viewer shows from attributes: id/@extension,
  telecom/@value, birthTime/@value, @displayName; comments dropped; entities decoded.

Run from anywhere: python3 corpus/blind/check.py
"""
import email
import email.policy
import html
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CATEGORIES = {
    "nir", "rpps", "adeli", "finess", "siret", "ipp", "person_name", "birth_date", "address",
    "phone", "email", "iban", "diagnosis", "medication", "procedure", "clinical_finding",
    "disability_dependency", "body_measure", "care_setting", "social_benefit", "sick_leave",
}
WRITERS = {"physician", "nurse", "social_worker", "home_help", "psychologist", "educator", "secretary"}
FORMATS = {"text": ".txt", "mail": ".eml", "pdf": ".pdf", "cda": ".xml"}
PURPOSES = {"care_coordination", "care_continuity", "prevention", "medico_social_follow_up",
            "social_follow_up", "administrative"}
VERDICTS = {"pass", "minimise", "block"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def html_text(src: str) -> str:
    src = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", src)
    src = re.sub(r"(?s)<!--.*?-->", " ", src)
    src = re.sub(r"(?s)<[^>]+>", " ", src)
    return html.unescape(src)


def eml_text(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    out = [str(msg.get("Subject", ""))]
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain":
            out.append(part.get_content())
        elif ctype == "text/html":
            out.append(html_text(part.get_content()))
    return "\n".join(out)


def cda_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    out = []

    def walk(el):
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if not isinstance(el.tag, str):  # comment / PI
            return
        if tag == "id" and el.get("extension"):
            out.append(el.get("extension"))
        if tag in ("telecom", "birthTime") and el.get("value"):
            out.append(el.get("value"))
        if el.get("displayName"):
            out.append(el.get("displayName"))
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(root)
    return " ".join(out)


def pdf_text(path: Path) -> str:
    res = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True)
    return res.stdout.decode("utf-8")


def doc_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".eml":
        return eml_text(path)
    if path.suffix == ".xml":
        return cda_text(path)
    if path.suffix == ".pdf":
        return pdf_text(path)
    raise ValueError(f"unknown document type: {path.name}")


def occurrences(text: str, phrase: str) -> int:
    pat = r"(?<!\w)" + re.escape(norm(phrase)) + r"(?!\w)"
    return len(re.findall(pat, text))


def check_label(label_path: Path, errors: list) -> dict:
    def err(msg):
        errors.append(f"{label_path.name}: {msg}")

    lab = tomllib.loads(label_path.read_text(encoding="utf-8"))
    doc = ROOT / lab.get("document", "")
    if not doc.is_file():
        err(f"document not found: {lab.get('document')}")
        return lab
    if lab.get("writer") not in WRITERS:
        err(f"bad writer {lab.get('writer')!r}")
    fmt = lab.get("format")
    if FORMATS.get(fmt) != doc.suffix:
        err(f"format {fmt!r} does not match {doc.name}")
    texts = [norm(doc_text(doc))]
    if doc.suffix == ".pdf":
        src = doc.with_name(doc.name + ".txt")
        if not src.is_file():
            err("rendered source text missing")
        else:
            texts.append(norm(src.read_text(encoding="utf-8")))
    case = lab.get("case")
    if case is not None:
        if case.get("purpose") not in PURPOSES:
            err(f"bad purpose {case.get('purpose')!r}")
        if case.get("verdict") not in VERDICTS:
            err(f"bad verdict {case.get('verdict')!r}")
        if not case.get("to") or not isinstance(case.get("to"), list):
            err("case without recipients")
        for key in ("care_team", "consent"):
            if not isinstance(case.get(key), bool):
                err(f"case.{key} must be a boolean")
        if not case.get("why"):
            err("case without why")
    mentions = lab.get("mention", [])
    if not mentions:
        err("no mention")
    seen = set()
    for m in mentions:
        cat, text = m.get("category"), m.get("text", "")
        if cat not in CATEGORIES:
            err(f"unknown category {cat!r}")
        if not text or text != text.strip():
            err(f"empty or padded text {text!r}")
        if (cat, text) in seen:
            err(f"duplicate mention {cat}: {text!r}")
        seen.add((cat, text))
        count = m.get("count", 1)
        for t in texts:
            n = occurrences(t, text)
            if n < count:
                err(f"{cat} {text!r}: found {n} time(s), label says {count}")
        if case is not None:
            if m.get("action") not in ("keep", "remove"):
                err(f"{cat} {text!r}: action missing")
        elif "action" in m:
            err(f"{cat} {text!r}: action without a case")
        extra = set(m) - {"category", "text", "count", "negated", "sensitive", "action", "note"}
        if extra:
            err(f"{cat} {text!r}: unknown keys {sorted(extra)}")
    if case is not None:
        removes = any(m.get("action") == "remove" for m in mentions)
        if case.get("verdict") == "pass" and removes:
            err("verdict pass but some mention is removed")
        if case.get("verdict") == "minimise" and not removes:
            err("verdict minimise but nothing is removed")
    return lab


def main() -> int:
    errors = []
    labels = sorted((ROOT / "labels").glob("*.toml"))
    documents = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").iterdir()
                 if p.suffix in (".txt", ".eml", ".pdf", ".xml") and not p.name.endswith(".pdf.txt")}
    labelled = set()
    for lp in labels:
        try:
            lab = check_label(lp, errors)
        except Exception as e:  # noqa: BLE001 - report and go on
            errors.append(f"{lp.name}: {type(e).__name__}: {e}")
            continue
        labelled.add(lab.get("document"))
    for d in sorted(documents - labelled):
        errors.append(f"{d}: no label file")
    for e in errors:
        print(e)
    print(f"{len(labels)} label files, {len(documents)} documents, {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
