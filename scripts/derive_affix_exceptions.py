#!/usr/bin/env python3
"""Derive dictionaries/affixes/exceptions.txt: the ordinary French words that the medical
word-building rules of dictionaries/affixes/rules.tsv would take for health data.

Every rule (a suffix such as -ite, -ose, -graphie, -algie) is checked against a general French
word list, the hunspell-fr dictionary of Grammalecte/Dicollecte (Debian package
hunspell-fr-classical, /usr/share/hunspell/fr_FR.dic, MPL-2.0): each word of the list, with the
inflected forms its tags give (plural of nouns, feminine of adjectives, present and participles
of -er verbs), that a rule matches is an exception unless it is itself medical — it holds a
medical root of MEDICAL_ROOTS below, or a term file of dictionaries/terms/ knows it. The
exceptions are what the scanner then leaves alone (sympathie, nostalgie, visite, petite,
habite, chose, photographie).

The output is a list of words of the hunspell-fr dictionary, so it keeps that dictionary's
licence, MPL-2.0 (dictionaries/LICENSES/LICENSE.hunspell-fr); the file says so in its header.

    python3 scripts/derive_affix_exceptions.py [--dic /usr/share/hunspell/fr_FR.dic] [--check]

Deterministic: sorted, no timestamps.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICT = ROOT / "dictionaries"
RULES = DICT / "affixes" / "rules.tsv"
OUT = DICT / "affixes" / "exceptions.txt"

# Greek and Latin roots of organs, tissues and disease words: a word of the general list that
# holds one is medical, not an exception ("arthrite", "cirrhose", "névralgie").
MEDICAL_ROOTS = (
    "arthr", "gastr", "hepat", "nephr", "neur", "nevr", "cardi", "pneum", "bronch", "laryng",
    "pharyng", "rhin", "sinus", "encephal", "mening", "myel", "cyst", "colit", "append",
    "derm", "oste", "spondyl", "tendin", "bursit", "phleb", "arter", "vascul", "thromb",
    "lymph", "aden", "mamm", "hyster", "vagin", "vulv", "prostat", "orchi",
    "urethr", "pyel", "glomerul", "pancreat", "cholecyst", "sigmoid", "diverticul", "ileit",
    "enter", "duoden", "oesophag", "stomat", "gingiv", "gloss", "conjonctiv", "kerat", "uveit",
    "retin", "scler", "blephar", "fasci", "myos", "myas", "cholang", "periton",
    "pleur", "pericard", "endocard", "myocard", "aort", "tubercul", "fibros", "necros",
    "scolio", "cyphos", "lordos", "stenos", "cirrh", "psych", "mycos", "candid", "toxoplasm",
    "salmonell", "brucell", "borreli", "listeri", "helminth", "furonc", 
    "angi", "hemat", "glyc", "prot",
    "bacter", "erythr", "thyr", "hyper",
    "rach", "lomb", "cervic", "sacr",
    "cephal", "odont", "neural", "gastr", "rect",
    "proct", "hepat", "splen", "lapar", "thorac", "crani", "trache", "laryng",
    "episi", "cesar", "amput", "vesic", "nephr", "chir", "radio",
    "mammo", "corono", "angio", "arterio", "phlebo", "fibro", "gastro",
    "broncho", "cysto", "hystero", "laparo", "arthro", "oesophago", "recto",
    "rhino", "ophtalm", "encephalo", "myelo", "scinti", "pleg",
    "pares", "pathi", "emie", "urie", "bronchi", "tympan", "osteo", "spasm",
)

ROOT_RE = re.compile("|".join(sorted(MEDICAL_ROOTS, key=len, reverse=True)))


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def rules() -> list[tuple[str, str, int]]:
    out = []
    for line in RULES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            suffix, category, min_len = line.split("\t")
            out.append((suffix, category, int(min_len)))
    return out


def forms(stem: str, tags: str) -> set[str]:
    """The word and the inflections its tags give (enough to meet the rules' endings)."""
    out = {stem}
    if "po:nom" in tags or "po:adj" in tags:
        out |= {stem + "s", stem + "e", stem + "es"}
    if re.search(r"po:v1", tags) and stem.endswith("er"):
        base = stem[:-2]
        out |= {base + e for e in ("e", "es", "ent", "é", "ée", "és", "ées", "ons", "ez")}
    if re.search(r"po:v[23]", tags):
        if stem.endswith("ir"):
            base = stem[:-2]
            out |= {base + e for e in ("it", "ite", "ites", "is", "ise", "ises")}
        if stem.endswith("re"):
            base = stem[:-2]
            out |= {base + e for e in ("it", "ite", "ites", "ise", "ises", "ose", "oses")}
    return out


def term_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted((DICT / "terms").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                keys.add(fold(line.split("\t", 1)[0]))
    return keys


def derive(dic: Path) -> str:
    rs = rules()
    terms = term_keys()
    exceptions: set[str] = set()
    for line in dic.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        head, _, tags = line.partition(" ")
        stem = head.split("/", 1)[0].strip()
        if not stem or not stem.isalpha() or stem[:1].isupper():
            continue
        for form in forms(stem, tags):
            w = fold(form)
            for suffix, _category, min_len in rs:
                # The suffix is compared with its accents ("-ite" is not "-ité").
                if len(w) < min_len or not form.lower().endswith(suffix):
                    continue
                # medical: a known term, or a medical root before the suffix
                if w in terms or ROOT_RE.search(w[: len(w) - len(fold(suffix))]):
                    continue
                exceptions.add(w)
    head = [
        "# generated by scripts/derive_affix_exceptions.py: ordinary French words that the rules of",
        "# rules.tsv would take for health data. Words of the hunspell-fr dictionary (Grammalecte /",
        "# Dicollecte, Debian hunspell-fr-classical): this file is under the Mozilla Public License",
        "# 2.0 (dictionaries/LICENSES/LICENSE.hunspell-fr). Do not edit: rerun the script.",
    ]
    return "\n".join(head + sorted(exceptions)) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dic", default="/usr/share/hunspell/fr_FR.dic")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    dic = Path(args.dic)
    if not dic.exists():
        print(f"error: no word list at {dic} (apt-get install hunspell-fr-classical)",
              file=sys.stderr)
        return 2
    text = derive(dic)
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is stale", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(text.splitlines()) - 4} exceptions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
