#!/usr/bin/env python3
"""Derive dictionaries/terms/bdpm.tsv from the ANSM public drug database (BDPM).

Source: the "Base de données publique des médicaments" of the ANSM, Licence Ouverte / Open
Licence 2.0 (attribution in dictionaries/LICENSES/LICENCE.bdpm). The raw files are
Windows-1252, tab-separated: CIS_bdpm.txt (specialities), CIS_COMPO_bdpm.txt (substances),
CIS_MITM.txt (CIS -> ATC for the drugs of major therapeutic interest). A public mirror:
GitHub MiaouLeChat929/bdpm-ingest, folder raw/.

    python3 scripts/derive_bdpm.py RAW_DIR             # rewrite dictionaries/terms/bdpm.tsv
    python3 scripts/derive_bdpm.py RAW_DIR --check     # exit 1 if the file would change
    python3 scripts/derive_bdpm.py RAW_DIR --words /usr/share/hunspell/fr_FR.dic

What it keeps (issue 13 §4):
- brand-name heads: the first word of a speciality's name ("KARDEGIC 75 mg, poudre…" ->
  Kardegic), Title case so that they match in any case, for specialities of every procedure
  but homeopathy ("Enreg homéo") and the herbal registrations ("Enreg phyto");
- substances: the substance names of CIS_COMPO_bdpm.txt, lowercase, a salt prefix removed
  ("chlorhydrate de sertraline" -> sertraline), homeopathic stocks left out;
- the ATC code where it is known: the substance's code in terms/atc.tsv (edsnlp), else the
  code CIS_MITM.txt gives the speciality; the tier follows the code (codes/atc.tsv).
Left out: names under five letters, names with digits, every name already in a term file
(terms/atc.tsv and the curated ones: they keep their code and tier), ordinary French words
(the general word list given by --words, a hunspell .dic: used as a filter only, nothing of it
is written), first names and surnames (names/), and the stop list below.

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
OUT = DICT / "terms" / "bdpm.tsv"

SALTS = (
    "chlorhydrate", "dichlorhydrate", "bromhydrate", "sulfate", "maléate", "fumarate",
    "tartrate", "bitartrate", "citrate", "acétate", "succinate", "mésilate", "mesilate",
    "bésilate", "besilate", "tosilate", "phosphate", "lactate", "gluconate", "oxalate",
    "hémifumarate", "hémitartrate", "nitrate", "dipropionate", "propionate", "valérate",
    "furoate", "butyrate", "énanthate", "décanoate", "palmitate", "pamoate", "embonate",
    "hyclate", "trihydrate", "dihydrate", "monohydrate", "sodique", "calcique", "potassique",
    "magnésique", "disodique", "base", "chlorure", "bromure", "iodure", "hydrogénosulfate",
    "hydrogénotartrate", "hydrogénofumarate", "hydrogénomaléate", "malate", "camsilate",
    "étabonate", "aspartate", "arginine", "lysine", "trométamol", "benzoate", "salicylate",
    "stéarate", "laurylsulfate", "pivalate", "acéponate", "xinafoate", "fumarate de",
)

# Heads that are generic words of a name, not a brand (and some frequent false friends).
STOP = {
    "acide", "solution", "sirop", "collyre", "pommade", "crème", "creme", "comprimé",
    "gélule", "poudre", "suspension", "émulsion", "gel", "spray", "vaccin", "sérum",
    "serum", "eau", "huile", "lait", "alcool", "glucose", "chlorure", "sodium", "potassium",
    "calcium", "magnésium", "vitamine", "vitamines", "extrait", "teinture", "baume",
    "pastilles", "pastille", "granules", "lotion", "shampooing", "dentifrice", "bain",
    "complexe", "association", "mélange", "formule", "oligo", "oligosol", "granions",
    "biogaran", "arrow", "sandoz", "teva", "mylan", "viatris", "zentiva", "cristers",
    "accord", "almus", "zydus", "ranbaxy", "sun", "evolugen", "qualimed", "medisol",
    "alter", "ratiopharm", "actavis", "substipharm", "panpharma", "fresenius", "baxter",
    "aguettant", "renaudin", "cooper", "gilbert", "gifrer", "bailleul", "urgo", "mayoly",
    "pierre", "fabre", "boiron", "lehning", "weleda", "arkopharma", "phytosun", "dolisos",
    "humex", "optimal", "normal", "santé", "sante", "nature", "naturel", "conseil",
    "famille", "enfant", "enfants", "adulte", "adultes", "bébé", "nourrisson", "junior",
    "senior", "forte", "fort", "plus", "rapide", "retard", "simple", "double", "duo",
    "total", "ultra", "expert", "action", "actif", "active", "protect", "control", "confort",
    "allergie", "rhume", "toux", "gorge", "nez", "peau", "ventre", "digestion", "sommeil",
    "stress", "douleur", "fièvre", "fievre", "migraine", "articulations", "circulation",
    "jambes", "transit", "minceur", "beauté", "cheveux", "ongles", "yeux", "oreilles",
    "bouche", "dents", "intime", "hygiène", "soin", "soins", "secours", "voyage", "mer",
    "soleil", "hiver", "été", "printemps", "automne", "matin", "soir", "nuit", "jour",
    "ville", "france", "europe", "paris", "lyon", "union", "général", "générale",
    "laboratoire", "laboratoires", "pharma", "pharmacie", "medical", "médical", "hopital",
    "hôpital", "clinique", "mono", "multi", "poly", "micro", "mini", "maxi", "super",
    "hyper", "neo", "néo", "nouvelle", "nouveau", "classic", "classique", "original",
    "premium", "pure", "pur", "bio", "vital", "vitalité", "energie", "énergie", "tonus",
    "mag", "fer", "zinc", "iode", "cuivre", "souffre", "soufre", "argent", "or",
    "thé", "café", "menthe", "citron", "orange", "fraise", "framboise", "cerise", "pomme",
    "miel", "propolis", "lavande", "camomille", "tilleul", "verveine", "valériane",
    "passiflore", "aubépine", "ginseng", "ginkgo", "harpagophytum", "curcuma", "gingembre",
    "radium", "technétium", "fluor", "gallium", "indium", "iode", "xénon", "krypton",
    "thallium", "yttrium", "lutétium", "samarium", "rubidium", "strontium", "azote",
    "oxygène", "hélium", "air", "protoxyde", "dioxyde", "monoxyde", "carbone", "talc",
    "argile", "charbon", "vaseline", "glycérine", "lanoline", "paraffine", "silicone",
    "insuline", "héparine", "immunoglobuline", "immunoglobulines", "albumine", "facteur",
    "plasma", "sang", "globules", "hématies", "plaquettes", "cellules", "tissu", "greffe",
    "allergènes", "allergene", "pollens", "acariens", "venin", "venins", "antigène",
}


# Endings of molecule names: a substance with one is kept even when the general word list has it.
DRUG_ENDING = re.compile(r"(?:ine|ol|ide|mab|ate|one|ane|ene|ase|cine|pam|lam|zole|pril|sartan|statine|vir|xaban|parine)$")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower().replace("œ", "oe").replace("æ", "ae"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"[’‘`´]", "'", s)
    s = re.sub(r"[‐‑‒–—]", "-", s)
    return " ".join(s.split())


def read_tsv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("cp1252", errors="replace")
    return [line.split("\t") for line in text.splitlines() if line.strip()]


def term_file_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted((DICT / "terms").glob("*.tsv")):
        if path.name == OUT.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                keys.add(fold(line.split("\t", 1)[0]))
    for path in sorted((DICT / "phrases").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                keys.add(fold(line.split("\t", 1)[0]))
    return keys


def atc_of_terms() -> dict[str, str]:
    """Folded molecule or brand of terms/atc.tsv -> its ATC code."""
    out: dict[str, str] = {}
    for line in (DICT / "terms" / "atc.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) == 4 and cols[2]:
                out.setdefault(fold(cols[0]), cols[2])
    return out


def atc_tiers() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (DICT / "codes" / "atc.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, tier = line.split("\t")[:2]
            out[code] = tier
    return out


def name_keys() -> set[str]:
    keys: set[str] = set()
    for f in ("first_names.txt", "surnames.txt", "not_names.txt", "common_word_surnames.txt"):
        for line in (DICT / "names" / f).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                keys.add(fold(line.strip()))
    return keys


def word_keys(dic: Path | None) -> set[str]:
    """Stems of a hunspell .dic (the general word list), folded: a filter, never written."""
    if dic is None:
        return set()
    keys: set[str] = set()
    for line in dic.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        stem = line.split("/", 1)[0].split("\t", 1)[0].split(" ", 1)[0].strip()
        if stem:
            keys.add(fold(stem))
            keys.add(fold(stem) + "s")
    return keys


def substance_name(raw: str) -> str | None:
    s = " ".join(raw.strip().lower().split())
    if not s or "homéopathique" in s or "homeopathique" in s or "pour préparations" in s:
        return None
    s = re.sub(r"\s*\(.*?\)\s*", " ", s).strip()
    for salt in SALTS:
        for link in (" de ", " d'"):
            if s.startswith(salt + link):
                s = s[len(salt) + len(link):].strip()
                break
    s = re.sub(r"\b(anhydre|hydraté|hydratée|monohydraté|monohydratée|dihydraté|trihydraté|base|sodique|potassique|calcique)\b", "", s)
    s = " ".join(s.split())
    if not s or any(c.isdigit() for c in s) or len(s) < 5 or s.count(" ") > 2:
        return None
    return s


def brand_head(denomination: str) -> str | None:
    name = denomination.split(",", 1)[0].strip()
    first = re.split(r"[\s/]", name, maxsplit=1)[0].strip(" .-'")
    if not first or any(c.isdigit() for c in first) or len(first) < 5:
        return None
    if not re.fullmatch(r"[A-ZÀ-ÖØ-Ý][A-ZÀ-ÖØ-Ý'\-]+", first):
        return None
    w = first.lower()
    return w[:1].upper() + w[1:]


def derive(raw: Path, dic: Path | None) -> str:
    specialities = read_tsv(raw / "CIS_bdpm.txt")
    compo = read_tsv(raw / "CIS_COMPO_bdpm.txt")
    mitm = read_tsv(raw / "CIS_MITM.txt") if (raw / "CIS_MITM.txt").exists() else []
    known = term_file_keys()
    atc_terms = atc_of_terms()
    tiers = atc_tiers()
    names = name_keys()
    words = word_keys(dic)
    stop = {fold(s) for s in STOP}

    mitm_atc = {row[0]: row[1] for row in mitm if len(row) > 1 and row[1]}
    homeo: set[str] = set()
    heads: dict[str, tuple[str, set[str]]] = {}
    for row in specialities:
        if len(row) < 7:
            continue
        cis, denomination, procedure = row[0], row[1], row[5]
        if "homéo" in procedure or "phyto" in procedure:
            homeo.add(cis)
            continue
        head = brand_head(denomination)
        if head:
            heads.setdefault(fold(head), (head, set()))[1].add(cis)

    subst_of: dict[str, list[str]] = {}
    substances: dict[str, str] = {}
    for row in compo:
        if len(row) < 4 or row[0] in homeo:
            continue
        s = substance_name(row[3])
        if s:
            substances.setdefault(fold(s), s)
            subst_of.setdefault(row[0], []).append(fold(s))

    def code_for(cis_list: set[str] | None, subst: list[str]) -> str:
        for s in subst:
            if s in atc_terms:
                return atc_terms[s]
        for cis in sorted(cis_list or ()):
            if cis in mitm_atc:
                return mitm_atc[cis]
        return ""

    def keep(key: str) -> bool:
        return not (key in known or key in names or key in words or key in stop)

    rows: dict[str, tuple[str, str]] = {}
    for key, (head, cis_set) in heads.items():
        if not keep(key):
            continue
        subst = [s for cis in sorted(cis_set) for s in subst_of.get(cis, [])]
        # A head that is one of its own substances is a generic ("ABACAVIR ARROW").
        if key in subst:
            continue
        rows[key] = (head, code_for(cis_set, subst))
    # Substances are not filtered by the general word list: it holds many drug names
    # (mélatonine, morphine); the stop list takes out the ordinary ones (eau, glucose, fer).
    for key, s in substances.items():
        if key in rows or key in known or key in names or any(k in stop for k in key.split()):
            continue
        if key in words and not DRUG_ENDING.search(key):
            continue
        rows[key] = (s, code_for(None, [key]))

    lines = [
        "# generated by scripts/derive_bdpm.py from the ANSM public drug database (BDPM),",
        "# Licence Ouverte / Open Licence 2.0 (dictionaries/LICENSES/LICENCE.bdpm): brand-name",
        "# heads and substances, homeopathy and herbal registrations left out, ATC where known.",
        "# Do not edit: rerun the script (see its docstring and dictionaries/README.md).",
    ]
    for key in sorted(rows):
        name, code = rows[key]
        if code and code not in tiers:
            # a class deeper than the codes we know: keep the longest known prefix
            while code and code not in tiers:
                code = code[:-1]
        tier = tiers.get(code, "normal") if code else "normal"
        lines.append(f"{name}\tmedication\t{code}\t{tier}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", help="folder with CIS_bdpm.txt, CIS_COMPO_bdpm.txt, CIS_MITM.txt")
    ap.add_argument("--words", default="/usr/share/hunspell/fr_FR.dic",
                    help="a general French word list (.dic) used to leave ordinary words out")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    dic = Path(args.words) if args.words and Path(args.words).exists() else None
    if dic is None:
        print("warning: no general word list; ordinary words are not filtered", file=sys.stderr)
    text = derive(Path(args.raw), dic)
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is stale", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(text.splitlines()) - 4} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
