#!/usr/bin/env python3
"""Writes corpus/blind19/ (issue 19): fictional documents laid out the way hospital and
medico-social software and forms write identifiers, and their labels.

The documents and their mention lists are written by hand in scripts/corpus/blind19_docs/*.py;
this script only computes check keys (NIR key, FINESS Luhn digit), renders the files (text,
e-mail, HTML) and counts how many times each labelled phrase occurs (whole-word, an occurrence
inside a longer labelled phrase not counted again: the checker's rule).

Run from the repository root: python3 scripts/corpus/gen_blind19.py   (standard library only)
"""
import html
import json
import sys
import zlib
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "corpus" / "blind19"
sys.path.insert(0, str(OUT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check  # noqa: E402  (the checker's text extraction and counting)


# ── identifiers ──────────────────────────────────────────────────────────────────────────────

def nir_key(body13: str) -> int:
    digits = body13.replace(" ", "").upper()
    assert len(digits) == 13, body13
    return 97 - int(digits.replace("2A", "19").replace("2B", "18")) % 97


def nir(body13: str, sep: str = " ") -> str:
    """A NIR with its key, groups of body13 kept (spaces replaced by sep)."""
    return f"{body13} {nir_key(body13):02d}".replace(" ", sep)


def nir_digits(body13: str) -> str:
    return nir(body13, "")


def bad_nir(body13: str, sep: str = " ") -> str:
    """NIR-shaped with a WRONG key (an order or invoice number, a trap)."""
    k = nir_key(body13) % 97 + 1
    assert k != nir_key(body13)
    return f"{body13} {k:02d}".replace(" ", sep)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def finess(first8: str) -> str:
    for d in "0123456789":
        if luhn_ok(first8 + d):
            return first8 + d
    raise AssertionError


def bad_finess(first8: str) -> str:
    good = finess(first8)
    return first8 + str((int(good[-1]) + 1) % 10)


def D(name, writer, fmt, body, m=(), **kw):
    return dict(name=name, writer=writer, fmt=fmt, body=body, m=list(m), **kw)


# ── rendering ────────────────────────────────────────────────────────────────────────────────

def write_mail(doc, path):
    msg = EmailMessage()
    msg["From"] = doc["from_"]
    msg["To"] = ", ".join(doc["to"])
    msg["Subject"] = doc["subject"]
    msg["Date"] = doc["date"]
    msg["Message-ID"] = f"<{doc['name']}.{zlib.crc32(doc['subject'].encode()):08x}@{doc['from_'].split('@')[1]}>"
    msg["MIME-Version"] = "1.0"
    msg.set_content(doc["body"], subtype="plain", charset="utf-8", cte="quoted-printable")
    if doc.get("html"):
        msg.add_alternative(doc["html"], subtype="html", charset="utf-8", cte="quoted-printable")
    if doc.get("attach"):
        fname, atext = doc["attach"]
        if doc.get("html"):
            msg.make_mixed()
        msg.add_attachment(atext, subtype="plain", charset="utf-8", filename=fname, cte="base64")
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_tamis_blind19_{doc['name'][:3]}_{i}")
    path.write_bytes(msg.as_bytes(policy=SMTP))


def table_html(title, header, rows, before="", after=""):
    """A small HTML page holding one table (cells escaped)."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    trs = "\n".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                    for r in rows)
    return (f"<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
            f"</title></head>\n<body>\n<h1>{html.escape(title)}</h1>\n{before}\n"
            f"<table border=\"1\">\n<thead><tr>{th}</tr></thead>\n<tbody>\n{trs}\n</tbody>\n</table>\n"
            f"{after}\n</body></html>\n")


# ── labels ───────────────────────────────────────────────────────────────────────────────────

def q(s):
    return json.dumps(s, ensure_ascii=False)


def write_label(doc, relpath, text):
    lines = [f"document = {q(relpath)}", f"writer = {q(doc['writer'])}", f"format = {q(doc['fmt'])}"]
    if doc.get("about"):
        lines.append(f"description = {q(doc['about'])}")
    lines.append("")
    phrases = [m[1] for m in doc["m"]]
    assert len(phrases) == len(set(phrases)), (doc["name"], "phrase labelled twice")
    cnt = check.counts(check.norm(text), phrases)
    for m, n in zip(doc["m"], cnt):
        cat, phrase, flags = m[0], m[1], m[2:]
        assert cat in check.CATEGORIES, (doc["name"], cat)
        assert set(flags) <= {"stay", "trap"}, (doc["name"], flags)
        if n == 0:
            raise SystemExit(f"{doc['name']}: {cat} {phrase!r} not found")
        lines += ["[[mention]]", f"category = {q(cat)}", f"text = {q(phrase)}"]
        if n > 1:
            lines.append(f"count = {n}")
        if "stay" in flags:
            lines.append("stay = true")
        if "trap" in flags:
            lines.append("trap = true")
        lines.append("")
    (OUT / "labels" / f"{doc['name']}.toml").write_text("\n".join(lines), encoding="utf-8")


def figures():
    """The Figures and Documents sections of corpus/blind19/README.md, from the labels."""
    import collections
    import tomllib
    fmt, wr, cat, trap = (collections.Counter() for _ in range(4))
    phrases = traps = stay = 0
    rows = []
    for p in sorted((OUT / "labels").glob("*.toml")):
        lab = tomllib.loads(p.read_text(encoding="utf-8"))
        fmt[lab["format"]] += 1
        wr[lab["writer"]] += 1
        n = t = 0
        for m in lab["mention"]:
            c = m.get("count", 1)
            if m.get("trap"):
                trap[m["category"]] += c
                traps += 1
                t += c
            else:
                cat[m["category"]] += c
                phrases += 1
                n += c
                stay += c if m.get("stay") else 0
        rows.append(f"| `{lab['document'][5:]}` | {lab['writer']} | {lab['format']} | {n} | {t} |")
    def line(counter):
        return ", ".join(f"{k} {v}" for k, v in counter.most_common())
    print("## Figures\n")
    print(f"- documents: {sum(fmt.values())}; by format: {line(fmt)}")
    print(f"- documents by writer: {line(wr)}")
    print(f"- identifiers: {phrases} labelled phrases, {sum(cat.values())} occurrences (with `count`)")
    print(f"- occurrences by category: {line(cat)} (of the ipp: {stay} stay numbers, `stay = true`)")
    print(f"- traps: {traps} phrases, {sum(trap.values())} occurrences, by the category a naive tool "
          f"would give: {line(trap)}")
    print("\n## Documents\n")
    print("| document | writer | format | identifier occurrences | trap occurrences |")
    print("|---|---|---|---:|---:|")
    print("\n".join(rows))


def main():
    if sys.argv[1:] == ["--figures"]:
        return figures()
    import blind19_docs
    docs = blind19_docs.all_docs()
    names = [d["name"] for d in docs]
    assert len(names) == len(set(names)), "duplicate document name"
    ext = {"text": ".txt", "mail": ".eml", "html": ".html"}
    for doc in docs:
        path = OUT / "docs" / (doc["name"] + ext[doc["fmt"]])
        if doc["fmt"] == "text":
            path.write_text(doc["body"].strip("\n") + "\n", encoding="utf-8")
        elif doc["fmt"] == "html":
            path.write_text(doc["body"], encoding="utf-8")
        else:
            write_mail(doc, path)
        write_label(doc, f"docs/{path.name}", check.doc_text(path))
    print(f"{len(docs)} documents written")


if __name__ == "__main__":
    main()
