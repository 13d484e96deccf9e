#!/usr/bin/env python3
"""Checks the blind identifier set (corpus/blind19/, issue 19): every labelled phrase, trap or
not, occurs in its document's text exactly as often as its `count` says (default 1), counted
whole-word and not inside a longer labelled phrase of the same document; categories and keys
are valid; a labelled NIR has a valid key and a NIR-shaped trap a wrong one; a FINESS passes
Luhn; every document has a label file.

Text extraction (the text a reader sees, whitespace runs collapsed to one space):
- .txt: the file (UTF-8);
- .html: tags removed (a tag counts as a space), entities decoded;
- .eml: the Subject header, then every text/plain and text/html part decoded (HTML as above),
  text attachments included.

Standard library only. Run from anywhere: python3 corpus/blind19/check.py
"""
import email
import email.policy
import html
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CATEGORIES = {"person_name", "birth_date", "nir", "ipp", "rpps", "adeli", "finess", "address",
              "phone", "email", "iban"}
WRITERS = {"physician", "nurse", "social_worker", "home_help", "psychologist", "educator",
           "secretary", "software"}
FORMATS = {"text": ".txt", "mail": ".eml", "html": ".html"}
KEYS = {"category", "text", "count", "stay", "trap", "note"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


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


def doc_text(path: Path) -> str:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return html_text(path.read_text(encoding="utf-8"))
    if path.suffix == ".eml":
        return eml_text(path)
    raise ValueError(f"unknown document type: {path.name}")


def counts(text: str, phrases: list) -> list:
    """Occurrences of each phrase in the normalised text, longer phrases first, whole-word; an
    occurrence inside an occurrence of a longer phrase already counted is not counted again."""
    taken = []
    result = [0] * len(phrases)
    order = sorted(range(len(phrases)), key=lambda i: -len(norm(phrases[i])))
    for i in order:
        pat = r"(?<!\w)" + re.escape(norm(phrases[i])) + r"(?!\w)"
        for mo in re.finditer(pat, text):
            s, e = mo.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            result[i] += 1
    return result


def nir_valid(phrase: str) -> bool:
    """15 characters once separators are dropped, key = 97 - body mod 97 (2A→19, 2B→18)."""
    d = re.sub(r"[^0-9AB]", "", phrase.upper())
    if len(d) != 15:
        return False
    body = d[:13].replace("2A", "19").replace("2B", "18")
    return body.isdigit() and d[13:].isdigit() and 97 - int(body) % 97 == int(d[13:])


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


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
    if FORMATS.get(lab.get("format")) != doc.suffix:
        err(f"format {lab.get('format')!r} does not match {doc.name}")
    text = norm(doc_text(doc))
    mentions = lab.get("mention", [])
    if not mentions:
        err("no mention")
    seen = set()
    for m in mentions:
        cat, phrase = m.get("category"), m.get("text", "")
        if cat not in CATEGORIES:
            err(f"unknown category {cat!r}")
        if not phrase or phrase != phrase.strip():
            err(f"empty or padded text {phrase!r}")
        if phrase in seen:
            err(f"phrase labelled twice: {phrase!r}")
        seen.add(phrase)
        extra = set(m) - KEYS
        if extra:
            err(f"{cat} {phrase!r}: unknown keys {sorted(extra)}")
        for key in ("stay", "trap"):
            if key in m and m[key] is not True:
                err(f"{cat} {phrase!r}: {key} must be true when present")
        if m.get("stay") and cat != "ipp":
            err(f"{cat} {phrase!r}: stay = true only on ipp")
        if cat == "nir" and nir_valid(phrase) == bool(m.get("trap")):
            err(f"nir {phrase!r}: key {'valid on a trap' if m.get('trap') else 'invalid'}")
        if cat == "finess" and not (len(phrase) == 9 and phrase.isdigit() and luhn_ok(phrase)):
            err(f"finess {phrase!r}: not 9 digits passing Luhn")
        if m.get("stay") and m.get("trap"):
            err(f"{cat} {phrase!r}: stay and trap together")
    found = counts(text, [m.get("text", "") for m in mentions])
    for m, n in zip(mentions, found):
        want = m.get("count", 1)
        if n != want:
            kind = "trap" if m.get("trap") else m.get("category")
            err(f"{kind} {m.get('text')!r}: found {n} time(s), label says {want}")
    return lab


def main() -> int:
    errors = []
    labels = sorted((ROOT / "labels").glob("*.toml"))
    documents = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").iterdir()
                 if p.suffix in (".txt", ".eml", ".html")}
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
