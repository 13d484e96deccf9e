#!/usr/bin/env python3
"""Derives dictionaries/places/communes.txt from the INSEE Code officiel géographique.

Source: data/communes.json of the npm package @etalab/decoupage-administratif 6.0.0 (millésime
2026; data: INSEE COG, Licence Ouverte 2.0; code: MIT). Usage:

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python3 scripts/derive_communes.py package/data/communes.json > dictionaries/places/communes.txt

Kept: current communes, delegated and associated communes (former communes whose names people
still write) and the municipal arrondissements of Paris, Lyon and Marseille ("Marseille 6e
Arrondissement" gives "Marseille"). One name a line, as INSEE writes it; the scanner folds them
at build time (build.rs). Names of one or two letters (Y, Eu) are left out: too short to tell
from a word or an initial.
"""
import json
import re
import sys

rows = json.load(open(sys.argv[1], encoding="utf-8"))
names = set()
for r in rows:
    name = r["nom"]
    if r["type"] == "arrondissement-municipal":
        name = re.sub(r"\s+\d+(er|e)\s+Arrondissement$", "", name)
    if len(name) <= 2:
        continue
    names.add(name)
print("# Communes of France (INSEE Code officiel géographique, millésime 2026), one a line.")
print("# Source: INSEE, via the npm package @etalab/decoupage-administratif 6.0.0;")
print("# Licence Ouverte / Open Licence 2.0, dictionaries/LICENSES/LICENCE.cog.")
print("# Derived by scripts/derive_communes.py: current, delegated and associated communes.")
for n in sorted(names):
    print(n)
