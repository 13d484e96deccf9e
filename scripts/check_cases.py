#!/usr/bin/env python3
"""Static checks of the data-driven test files (no engine needed).

- tests/cases/*.toml: every case has a name and a text; every `text` in `expect` / `not` occurs
  literally in the case text; categories are known; `absent` does not contradict `expect`;
  only known keys are used; case names are unique within a file.
- corpus/text/*.txt: each has NAME.expect.toml (and vice versa) with description, exit (0|1),
  must_find / must_not_find whose `text` occurs literally in the document.
- Identifier sanity (informational, `--ids`): prints NIR key / Luhn / mod-97 status of every
  expected nir, finess, siret, iban value so a reviewer can see which ones rely on a cue.

Usage: python3 scripts/check_cases.py [--ids]   (run from the repository root; Python >= 3.11)
Exit status 0 when everything holds, 1 otherwise.
"""
import re
import sys
import tomllib
from pathlib import Path

CATEGORIES = {
    "nir", "rpps", "adeli", "finess", "siret", "ipp", "person_name", "birth_date", "address",
    "phone", "email", "iban", "diagnosis", "medication", "procedure", "clinical_finding",
    "disability_dependency", "body_measure", "care_setting", "social_benefit", "sick_leave",
}
CASE_KEYS = {"name", "text", "expect", "absent", "not"}
EXPECT_KEYS = {"category", "text", "code", "sensitive", "section"}
NOT_KEYS = {"category", "text"}
CORPUS_KEYS = {"description", "exit", "must_find", "must_not_find"}

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def nir_status(v):
    d = re.sub(r"[\s.\u00a0\u202f\u2009]", "", v)
    if len(d) not in (13, 15):
        return f"len {len(d)}"
    body = d[:13]
    if body[5:7].upper() == "2A":
        body = body[:5] + "19" + body[7:]
    elif body[5:7].upper() == "2B":
        body = body[:5] + "18" + body[7:]
    if not body.isdigit():
        return "not digits"
    key = 97 - int(body) % 97
    if len(d) == 13:
        return f"13-digit body (key would be {key:02d})"
    return "key ok" if int(d[13:]) == key else f"WRONG key (should be {key:02d})"


def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        n = int(c)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        t += n
    return t % 10 == 0


def siret_status(v):
    d = re.sub(r"\D", "", v)
    if len(d) == 14 and d.startswith("356000000") and d != "35600000000048":
        return "La Poste rule ok" if sum(map(int, d)) % 5 == 0 else "La Poste rule FAILS"
    return f"len {len(d)} luhn {'ok' if luhn(d) else 'FAILS'}"


def finess_status(v):
    d = re.sub(r"\s", "", v)
    if not d.isdigit():
        return "non-digit (Corsica?)"
    return f"luhn {'ok' if luhn(d) else 'FAILS'}"


def iban_status(v):
    s = re.sub(r"[\s\u00a0\u202f\u2009]", "", v).upper()
    s = s[4:] + s[:4]
    n = int("".join(str(int(c, 36)) for c in s))
    return "mod97 ok" if n % 97 == 1 else "mod97 FAILS"


STATUS = {"nir": nir_status, "siret": siret_status, "finess": finess_status, "iban": iban_status}


def check_entries(where, text, entries, keys, label):
    if not isinstance(entries, list):
        err(where, f"{label} must be a list")
        return
    for e in entries:
        if not isinstance(e, dict):
            err(where, f"{label} entry is not a table: {e!r}")
            continue
        extra = set(e) - keys
        if extra:
            err(where, f"{label} entry has unknown keys {sorted(extra)}")
        cat = e.get("category")
        if cat not in CATEGORIES:
            err(where, f"{label} entry has unknown category {cat!r}")
        t = e.get("text")
        if not isinstance(t, str) or not t:
            err(where, f"{label} entry without text")
        elif t not in text:
            err(where, f"{label} text {t!r} does not occur in the text")


def check_case_file(path, show_ids):
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        err(path, f"TOML error: {e}")
        return 0, 0, 0
    cases = data.get("case", [])
    if set(data) - {"case"}:
        err(path, f"unknown top-level keys {sorted(set(data) - {'case'})}")
    if not cases:
        err(path, "no [[case]]")
    names = set()
    pos = neg = 0
    for i, c in enumerate(cases):
        where = f"{path.name}[{i}] {c.get('name', '?')!r}"
        extra = set(c) - CASE_KEYS
        if extra:
            err(where, f"unknown keys {sorted(extra)}")
        name, text = c.get("name"), c.get("text")
        if not name or not isinstance(text, str) or not text:
            err(where, "missing name or text")
            continue
        if name in names:
            err(where, "duplicate case name")
        names.add(name)
        expect = c.get("expect", [])
        absent = c.get("absent", [])
        nots = c.get("not", [])
        check_entries(where, text, expect, EXPECT_KEYS, "expect")
        check_entries(where, text, nots, NOT_KEYS, "not")
        for a in absent:
            if a not in CATEGORIES:
                err(where, f"absent has unknown category {a!r}")
        exp_cats = {e.get("category") for e in expect if isinstance(e, dict)}
        clash = exp_cats & set(absent)
        if clash:
            err(where, f"categories both expected and absent: {sorted(clash)}")
        if not expect and not absent and not nots:
            err(where, "case asserts nothing")
        if absent or nots:
            neg += 1
        if expect:
            pos += 1
        if show_ids:
            for e in expect:
                f = STATUS.get(e.get("category"))
                if f:
                    print(f"  {path.name}: {e['category']} {e['text']!r}: {f(e['text'])}")
    return len(cases), pos, neg


def check_corpus(root):
    n = 0
    txts = sorted(root.glob("*.txt"))
    for t in txts:
        exp = t.with_suffix(".expect.toml")
        if not exp.exists():
            err(t, "no .expect.toml")
            continue
        n += 1
        text = t.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(exp.read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            err(exp, f"TOML error: {e}")
            continue
        extra = set(data) - CORPUS_KEYS
        if extra:
            err(exp, f"unknown keys {sorted(extra)}")
        if not data.get("description"):
            err(exp, "no description")
        if data.get("exit") not in (0, 1):
            err(exp, "exit must be 0 or 1")
        check_entries(exp.name, text, data.get("must_find", []), EXPECT_KEYS, "must_find")
        check_entries(exp.name, text, data.get("must_not_find", []), NOT_KEYS, "must_not_find")
    for e in sorted(root.glob("*.expect.toml")):
        if not (root / (e.name[: -len(".expect.toml")] + ".txt")).exists():
            err(e, "no matching .txt")
    return n


def main():
    show_ids = "--ids" in sys.argv
    repo = Path(__file__).resolve().parent.parent
    total = 0
    for p in sorted((repo / "tests" / "cases").glob("*.toml")):
        n, pos, neg = check_case_file(p, show_ids)
        total += n
        print(f"{p.relative_to(repo)}: {n} cases ({pos} with expect, {neg} with absent/not)")
    docs = check_corpus(repo / "corpus" / "text")
    print(f"corpus/text: {docs} documents with expectations; {total} cases in all")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
