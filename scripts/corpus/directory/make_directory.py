#!/usr/bin/env python3
"""Writes the fictional recipients directory samples of corpus/directory/.

- annuaire.csv: a local directory (address,role,structure,trusted), every role once at least,
  RFC 4180 quoting where a field holds a comma or a quote.
- extract_mssante.txt: lines in the exact 31-column layout of the Annuaire Santé
  `Extraction_Correspondance_MSSante` extract (shared/FORMATS.md §1.12), `|`-separated, UTF-8,
  header line first.

Every person, structure, identifier and address is invented. Run from the repository root:
    python3 scripts/corpus/directory/make_directory.py
"""

import csv
import io
import pathlib

OUT = pathlib.Path("corpus/directory")

HEADER = [
    "Type de BAL", "Adresse BAL", "Type Identifiant PP", "Identifiant PP",
    "Identification nationale PP", "Type identifiant structure", "Identification Structure",
    "Service de rattachement", "Civilité d'exercice", "Nom d'exercice", "Prénom d'exercice",
    "Catégorie profession", "Libellé de catégorie profession", "Code Profession",
    "Libellé Profession", "Code savoir-faire", "Libellé savoir-faire", "Dématérialisation",
    "Raison Sociale structure BAL", "Enseigne commerciale structure BAL",
    "L2COMPLEMENTLOCALISATION", "L3COMPLEMENTDISTRIBUTION", "L4NUMEROVOIE",
    "L4COMPLEMENTNUMEROVOIE", "NL4TYPEVOIE", "L4LIBELLEVOIE", "L5LIEUDITMENTION",
    "L6LIGNEACHEMINEMENT", "Code postal", "Département", "Pays",
]
assert len(HEADER) == 31


def person(kind, address, rpps, civ, nom, prenom, code, libelle, sf_code="", sf_lib="",
           struct_type="", struct_id="", raison="", service="", voie=("", "", "", ""),
           cp="40100", ville="40100 DAX", dept="40"):
    """One extract line for a mailbox, personal or not."""
    numero, type_voie, libelle_voie, lieu = voie
    row = {
        "Type de BAL": kind,
        "Adresse BAL": address,
        "Type Identifiant PP": "8" if rpps else "",
        "Identifiant PP": rpps,
        "Identification nationale PP": "8" + rpps if rpps else "",
        "Type identifiant structure": struct_type,
        "Identification Structure": struct_id,
        "Service de rattachement": service,
        "Civilité d'exercice": civ,
        "Nom d'exercice": nom,
        "Prénom d'exercice": prenom,
        "Catégorie profession": "C" if code or libelle else "",
        "Libellé de catégorie profession": "Civil" if code or libelle else "",
        "Code Profession": code,
        "Libellé Profession": libelle,
        "Code savoir-faire": sf_code,
        "Libellé savoir-faire": sf_lib,
        "Dématérialisation": "O",
        "Raison Sociale structure BAL": raison,
        "Enseigne commerciale structure BAL": "",
        "L2COMPLEMENTLOCALISATION": "",
        "L3COMPLEMENTDISTRIBUTION": "",
        "L4NUMEROVOIE": numero,
        "L4COMPLEMENTNUMEROVOIE": "",
        "NL4TYPEVOIE": type_voie,
        "L4LIBELLEVOIE": libelle_voie,
        "L5LIEUDITMENTION": lieu,
        "L6LIGNEACHEMINEMENT": ville,
        "Code postal": cp,
        "Département": dept,
        "Pays": "France",
    }
    return [row[h] for h in HEADER]


EXTRACT = [
    person("PER", "claire.lefevre@pharmacien.mssante.fr", "19900000011", "MME", "LEFEVRE",
           "Claire", "21", "Pharmacien", "", "", "3", "39900000000019",
           "PHARMACIE DU MARCHE FICTIVE", "", ("4", "PL", "DU MARCHE", "")),
    person("PER", "antoine.bernard@medecin.mssante.fr", "19900000029", "DR", "BERNARD",
           "Antoine", "10", "Médecin", "SM54", "Médecine générale", "", "", "", "",
           ("12", "R", "DES ARENES", "")),
    person("PER", "louise.garnier@ch-exemple.mssante.fr", "19900000037", "DR", "GARNIER",
           "Louise", "40", "Chirurgien-Dentiste", "", "", "1", "1409999991",
           "CENTRE HOSPITALIER EXEMPLE", "Odontologie"),
    person("PER", "ines.morel@ch-exemple.mssante.fr", "19900000045", "MME", "MOREL", "Inès",
           "50", "Sage-Femme", "", "", "1", "1409999991", "CENTRE HOSPITALIER EXEMPLE",
           "Maternité"),
    person("PER", "paul.girard@infirmier.mssante.fr", "19900000052", "M", "GIRARD", "Paul",
           "60", "Infirmier", "", "", "", "", "", "", ("3", "AV", "DES LANDES", "")),
    person("PER", "julie.fontaine@kine-exemple.mssante.fr", "19900000060", "MME", "FONTAINE",
           "Julie", "70", "Masseur-Kinésithérapeute", "", "", "", "", "CABINET DE KINESITHERAPIE FICTIF", ""),
    person("PER", "marc.rolland@psy-exemple.mssante.fr", "19900000078", "M", "ROLLAND", "Marc",
           "93", "Psychologue", "", "", "", "", "", ""),
    person("PER", "sophie.caron@ccas-exemple.mssante.fr", "", "MME", "CARON", "Sophie", "",
           "Assistant de service social", "", "", "3", "39900000000027", "CCAS EXEMPLE", ""),
    person("ORG", "planning@saad-les-rochers.mssante.fr", "", "", "", "", "", "", "", "", "1",
           "1409999983", "SAAD LES ROCHERS (FICTIF)", "", ("8", "CHE", "DES ROCHERS", "")),
    person("ORG", "infirmerie@ehpad-saint-michel.mssante.fr", "", "", "", "", "", "", "", "",
           "1", "1409999975", "EHPAD SAINT-MICHEL (FICTIF)", "Infirmerie"),
    person("APP", "dui@ehpad-saint-michel.mssante.fr", "", "", "", "", "", "", "", "", "1",
           "1409999975", "EHPAD SAINT-MICHEL (FICTIF)", ""),
    person("ORG", "coordination@dac-exemple.mssante.fr", "", "", "", "", "", "", "", "", "3",
           "39900000000035", "DAC DES LANDES (FICTIF)", "", ("1", "R", "DU PORT", "")),
    person("ORG", "cardiologie@ch-exemple.mssante.fr", "", "", "", "", "", "", "", "", "1",
           "1409999991", "CENTRE HOSPITALIER EXEMPLE", "Cardiologie"),
]

# address, role, structure, trusted — the local directory a structure keeps.
LOCAL = [
    ("secretariat.medical@ch-exemple.mssante.fr", "health_professional", "1409999991", "true"),
    ("Dr.Roux@Cabinet-Roux.MSSante.fr", "health_professional", "Cabinet médical Roux, Dax", "true"),
    ("interne.pediatrie@ch-exemple.mssante.fr", "health_professional", "1409999991", "true"),
    ("psy.durand@psy-exemple.mssante.fr", "psy_titled", 'Cabinet "Écoute" Durand', "true"),
    ("ass.sociale@ccas-exemple.mssante.fr", "social_worker", "39900000000027", "true"),
    ("educ.ime@ime-les-pins.mssante.fr", "medico_social_staff", "IME Les Pins", "true"),
    ("accueil.familial@departement-exemple.mssante.fr", "medico_social_staff",
     "Accueil familial, Conseil départemental", "true"),
    ("equipe.apa@departement-exemple.mssante.fr", "medico_social_staff",
     "Équipe médico-sociale APA", "true"),
    ("coordination@dac-exemple.mssante.fr", "coordination_staff", "DAC des Landes", "true"),
    ("mjpm@udaf-exemple.mssante.fr", "legal_protection", "UDAF Exemple", "true"),
    ("tutelles.exemple@orange.fr", "legal_protection", "Mandataire individuel", "false"),
    ("295109912611193@patient.mssante.fr", "patient", "", "true"),
    ("standard@hopital-exemple.fr", "health_professional", "Hôpital Exemple", "true"),
    ("benevoles@association-exemple.fr", "unknown", "Association Exemple", "false"),
    ("famille.dupuis@gmail.com", "unknown", "", "false"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["|".join(HEADER)] + ["|".join(r) for r in EXTRACT]
    for line in lines:
        assert line.count("|") == 30, line
    (OUT / "extract_mssante.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    buf = io.StringIO()
    buf.write("# Fictional local recipients directory (see README.md).\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["address", "role", "structure", "trusted"])
    for row in LOCAL:
        w.writerow(row)
    (OUT / "annuaire.csv").write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
