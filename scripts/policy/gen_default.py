#!/usr/bin/env python3
"""Writes policy/default.toml: the cells are laid out here once so that the 48 lists stay
consistent (same identity block, same order). Edit the choices here, re-run, review the diff:
    python3 scripts/policy/gen_default.py > policy/default.toml
"""

ID = ["person_name", "birth_date", "nir", "ipp", "address", "phone", "email"]
PRO = ["rpps", "adeli", "finess", "siret"]
HEALTH_ORDER = ["diagnosis", "medication", "procedure", "clinical_finding",
                "disability_dependency", "body_measure", "care_setting", "social_benefit",
                "sick_leave"]
ALL_HEALTH = HEALTH_ORDER
HP = ["diagnosis", "medication", "procedure", "clinical_finding", "disability_dependency",
      "body_measure", "care_setting", "sick_leave"]
SOCIAL = ["disability_dependency", "care_setting", "social_benefit"]

PATIENT_REASON = ("La personne elle-même a droit à toutes les informations de santé qui la "
                  "concernent (droit d'accès, CSP L1111-7).")
UNKNOWN_REASON = ("Destinataire dont la profession n'est pas connue : il n'est pas habilité à "
                  "recevoir des données de santé (CSP R1110-2), rien ne lui est transmis.")

# purpose -> (comment, [(role, health list, reason, notes, comment)])
PURPOSES = [
 ("care_coordination", """\
# ─── Coordination des soins (CSP L1110-4, L1110-12) ─────────────────────────────────────────
# Several professionals act together for the same person. The health professional gets the
# whole health picture; the others get what their own part of the work rests on.""", [
  ("health_professional", HP,
   "Le professionnel de santé qui coordonne les soins a besoin de l'état de santé complet du patient.",
   {"social_benefit": "Le type d'aide perçue (APA, AAH…) ne change pas les soins ; le niveau de dépendance (GIR) suffit et reste transmis."},
   None),
  ("psy_titled", ["diagnosis", "disability_dependency", "care_setting"],
   "Le psychologue suit la personne à partir de son diagnostic ; il ne prescrit ni n'examine, traitements et examens ne lui sont pas nécessaires.",
   {"diagnosis": "Le suivi psychologique s'appuie sur le diagnostic (troubles du spectre autistique, troubles psychiques…).",
    "medication": "Le psychologue ne prescrit pas : la liste des médicaments reste entre professionnels de santé."},
   """# Refined from DESIGN §3: psychologists and psychotherapists (R1110-2 b) are not health
# professionals but their care rests on the diagnosis (autism spectrum, psychiatric disorders);
# they neither prescribe nor examine, so drugs, acts, results and measures stay out."""),
  ("social_worker", SOCIAL,
   "L'assistant de service social organise les aides : il a besoin de la dépendance, du lieu de prise en charge et des aides perçues, pas du dossier médical.",
   {}, None),
  ("medico_social_staff", SOCIAL,
   "Le personnel médico-social a besoin de la dépendance, du lieu d'accueil et des aides ; le dossier médical reste aux soignants.",
   {}, None),
  ("coordination_staff", ["diagnosis"] + SOCIAL,
   "Le dispositif d'appui à la coordination (DAC) organise le parcours : il a besoin du diagnostic, de la dépendance, du lieu de prise en charge et des aides, pas du détail des soins.",
   {}, """# DAC staff (R1110-2 j) orient a complex pathway: which disease, which dependency, which
# structures and allowances; not the drugs, acts or lab results."""),
  ("legal_protection", SOCIAL,
   "Le mandataire judiciaire protège la personne et gère ses ressources : la dépendance, le lieu de vie et les aides lui suffisent.",
   {}, """# Mandataires (R1110-2 f) manage the person's resources and living place: dependency, care
# setting and allowances; never the medical content."""),
 ]),
 ("care_continuity", """\
# ─── Continuité des soins (CSP L1110-4) ──────────────────────────────────────────────────────
# Someone takes over: discharge letter, transfer, replacement. Same needs as coordination.""", [
  ("health_professional", HP,
   "Le professionnel de santé qui prend le relais des soins a besoin de l'état de santé complet du patient.",
   {}, None),
  ("psy_titled", ["diagnosis", "disability_dependency", "care_setting"],
   "Le psychologue qui prend le relais du suivi a besoin du diagnostic, pas des traitements, actes ni résultats d'examen.",
   {}, "# As in care_coordination."),
  ("social_worker", SOCIAL,
   "L'assistant de service social qui prend le relais a besoin de la dépendance, du lieu de prise en charge et des aides, pas du dossier médical.",
   {}, None),
  ("medico_social_staff", SOCIAL,
   "La structure médico-sociale qui prend le relais a besoin de la dépendance, du lieu d'accueil et des aides ; les traitements vont à ses soignants.",
   {"medication": "Les traitements sont adressés aux professionnels de santé de la structure (infirmier, médecin coordonnateur), pas à tout le personnel."},
   """# A discharge letter to an ESMS goes to its nurse or coordinating doctor for the treatment
# (health_professional); the non-health staff get the dependency and the allowances."""),
  ("coordination_staff", ["diagnosis"] + SOCIAL,
   "Le DAC qui accompagne le relais a besoin du diagnostic, de la dépendance, du lieu de prise en charge et des aides.",
   {}, None),
  ("legal_protection", SOCIAL,
   "Le mandataire judiciaire a besoin de savoir où la personne est accueillie, sa dépendance et ses aides, pas son état de santé.",
   {}, None),
 ]),
 ("prevention", """\
# ─── Prévention (CSP L1110-4, L1110-12: including prevention of the loss of autonomy) ───────
# Screening, vaccination, occupational medicine, falls and undernutrition prevention.""", [
  ("health_professional", HP,
   "Le professionnel de santé qui fait de la prévention (dépistage, vaccination, médecine du travail) a besoin des antécédents, traitements, examens et mesures.",
   {"sick_leave": "Gardé : le médecin du travail prépare la reprise après un arrêt de travail (visite de reprise)."},
   "# sick_leave kept: occupational medicine is prevention and plans the return after a leave."),
  ("psy_titled", ["disability_dependency", "care_setting"],
   "En prévention, le psychologue a besoin de la perte d'autonomie et du lieu de vie, pas du diagnostic médical.",
   {"diagnosis": "Une action de prévention ne repose pas sur le diagnostic : il n'est transmis au psychologue que pour un suivi de soins."},
   """# Refined: a prevention action (loss of autonomy, psychological distress at work) does not
# rest on a medical diagnosis; the psychologist gets it for care purposes only."""),
  ("social_worker", SOCIAL,
   "En prévention, l'assistant de service social a besoin de la dépendance, du lieu de vie et des aides.",
   {}, None),
  ("medico_social_staff", ["disability_dependency", "body_measure", "care_setting", "social_benefit"],
   "Le personnel médico-social qui prévient la perte d'autonomie (chutes, dénutrition) a besoin de la dépendance, du poids, du lieu de vie et des aides.",
   {"body_measure": "Le suivi du poids repère la dénutrition, première cause de perte d'autonomie."},
   """# Refined: body_measure for medico-social staff in prevention too. Weighing at home or in an
# EHPAD screens undernutrition, an action "de prévention de perte d'autonomie" that L1110-12
# names among the care team's own acts."""),
  ("coordination_staff", ["diagnosis"] + SOCIAL,
   "Le DAC qui organise une action de prévention a besoin du diagnostic, de la dépendance, du lieu de prise en charge et des aides.",
   {}, None),
  ("legal_protection", SOCIAL,
   "Le mandataire judiciaire a besoin de la dépendance, du lieu de vie et des aides pour organiser la prévention, pas de l'état de santé.",
   {}, None),
 ]),
 ("medico_social_follow_up", """\
# ─── Suivi médico-social (CSP L1110-4, L1110-12; CASF) ───────────────────────────────────────
# EHPAD, SSIAD, SAAD, IME, ESAT, MDPH and APA teams follow a person with a disability or
# dependency over time.""", [
  ("health_professional", HP,
   "Le professionnel de santé du suivi médico-social (médecin coordonnateur, infirmier de SSIAD) a besoin de l'état de santé complet.",
   {}, None),
  ("psy_titled", ["diagnosis", "disability_dependency", "care_setting"],
   "Le psychologue de l'établissement suit la personne à partir de son diagnostic, de sa dépendance et de son lieu d'accueil.",
   {}, "# As in care_coordination: an IME or ESAT psychologist works from the diagnosis."),
  ("social_worker", SOCIAL,
   "L'assistant de service social du suivi médico-social a besoin de la dépendance, du lieu d'accueil et des aides, pas du dossier médical.",
   {}, None),
  ("medico_social_staff", ["medication", "disability_dependency", "body_measure", "care_setting", "social_benefit"],
   "L'aide à domicile ou l'éducateur accompagne le quotidien : il a besoin des médicaments à donner, du poids, de la dépendance, du lieu d'accueil et des aides, pas du diagnostic.",
   {"medication": "L'aide à la prise des médicaments est un acte de la vie courante que le personnel d'un établissement ou service médico-social peut accomplir (CASF L313-26).",
    "diagnosis": "Pour accompagner la vie quotidienne, le diagnostic n'est pas nécessaire : le niveau de dépendance suffit.",
    "body_measure": "Le poids suivi à domicile ou en établissement repère la dénutrition."},
   """# medication: helping with taking prescribed drugs is an act of daily life ESMS staff may do
# (CASF L313-26). No diagnosis: home help and educators act on the dependency, not the disease."""),
  ("coordination_staff", ["diagnosis"] + SOCIAL,
   "Le DAC qui coordonne le suivi médico-social a besoin du diagnostic, de la dépendance, du lieu d'accueil et des aides.",
   {}, None),
  ("legal_protection", SOCIAL,
   "Le mandataire judiciaire a besoin de la dépendance, du lieu d'accueil et des aides pour gérer les ressources de la personne.",
   {}, None),
 ]),
 ("social_follow_up", """\
# ─── Suivi social (CSP L1110-4) ──────────────────────────────────────────────────────────────
# Rights, allowances, housing, income. No diagnosis, drugs, acts or results: the social
# follow-up rests on the dependency, the place of care and the allowances.""", [
  ("health_professional", ["disability_dependency", "care_setting"],
   "Pour un suivi social, le professionnel de santé n'a besoin que de la dépendance et du lieu de prise en charge ; le dossier médical n'est pas l'objet de l'échange.",
   {}, """# Refined: the purpose decides. A doctor receiving a social follow-up message is not
# treating through it; the medical content travels in a care exchange."""),
  ("psy_titled", ["disability_dependency", "care_setting"],
   "Pour un suivi social, le psychologue n'a besoin que de la dépendance et du lieu de prise en charge.",
   {}, None),
  ("social_worker", SOCIAL + ["sick_leave"],
   "L'assistant de service social qui assure le suivi social a besoin de la dépendance, du lieu de vie, des aides et des arrêts de travail.",
   {"sick_leave": "L'arrêt de travail ouvre des droits (indemnités journalières, maintien du revenu) que l'assistant de service social aide à faire valoir."},
   """# Refined: sick_leave for social workers in social follow-up. A sick leave opens rights
# (daily allowances, income, return to work) that the social worker helps claim."""),
  ("medico_social_staff", SOCIAL,
   "Pour un suivi social, le personnel médico-social a besoin de la dépendance, du lieu d'accueil et des aides.",
   {}, None),
  ("coordination_staff", SOCIAL,
   "Pour un suivi social, le DAC a besoin de la dépendance, du lieu de prise en charge et des aides, pas du diagnostic.",
   {"diagnosis": "Le suivi social ne repose pas sur le diagnostic : le DAC le reçoit pour coordonner des soins, pas ici."},
   """# Refined: no diagnosis for DAC staff here; DESIGN gives them the diagnosis for the care
# pathway, which is not the purpose of a social follow-up."""),
  ("legal_protection", SOCIAL,
   "Le mandataire judiciaire a besoin de la dépendance, du lieu de vie et des aides pour gérer les droits et ressources de la personne.",
   {}, None),
 ]),
]

ADMIN_COMMENT = """\
# ─── Administratif ───────────────────────────────────────────────────────────────────────────
# Appointments, billing, paperwork: no health data at all (GDPR art. 5(1)(c) and 9: health data
# is processed only as necessary to care). Identity and professional identifiers only."""
ADMIN_REASONS = {
 "health_professional": "Échange administratif (rendez-vous, facturation, dossier) : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "psy_titled": "Échange administratif : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "social_worker": "Échange administratif : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "medico_social_staff": "Échange administratif (admission, facturation) : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "coordination_staff": "Échange administratif : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "legal_protection": "Échange administratif (facture, courrier de gestion) : l'identité suffit, aucune donnée de santé n'est nécessaire.",
 "patient": "Message administratif à la personne (convocation, facture) : aucune donnée de santé ; elle reçoit son dossier dans un échange de soins ou sur demande (CSP L1111-7).",
}

HEADER = '''\
# tamis — default minimisation policy (format version 1; see policy/README.md).
#
# For each declared purpose × recipient role, `needed` lists the categories of data the
# recipient strictly needs; every other category found in a document is removed (or the message
# is blocked, depending on the other criteria). `reason` is the one line shown to the person
# sending; `notes` (optional) explains one category of the cell, kept or removed.
# Every one of the 6 × 8 cells is written out: there is no hidden default.
#
# Legal grounds (the texts are summarised in shared/seeds/):
# - CSP L1110-4 and L1110-12: professionals share only the information strictly necessary to
#   the coordination or continuity of care, prevention, or the medico-social and social
#   follow-up of the person (criterion 3, "strictement nécessaires").
# - CSP R1110-2: the list of professionals, besides health professionals, who may receive health
#   data (criterion 1). A recipient whose role is unknown is not qualified: `needed = []`.
# - GDPR art. 5(1)(c) (data minimisation) and art. 9 (health data is a special category).
# - CSP L1111-7: the person's right of access to all the health information about them.
#
# Choices that hold in every cell (from shared/DESIGN.md §3):
# - identity (person_name, birth_date, nir as INS, ipp, address, phone, email) for every
#   qualified role and the person: a recipient must know whom the message is about, and
#   identity vigilance (INS, CSP L1111-8-1) asks to match the person on several traits;
# - rpps, adeli, finess, siret identify professionals and structures (public directories), not
#   the person: kept wherever identity is;
# - iban: needed nowhere. No care, follow-up or administrative exchange between professionals
#   needs the person's bank account; payments go through billing channels;
# - disability_dependency and care_setting for every qualified role: the level of dependency
#   and the place of care are what every member of the care team acts upon (L1110-12: acts of
#   compensation of disability, prevention of loss of autonomy);
# - social_benefit (APA, AAH, PCH…) for social workers, medico-social staff, coordination staff
#   and legal protection, who handle the allowances; not for the care roles;
# - the patient receives everything about themself (L1111-7), except in administrative mail.
# Cells that depart from the DESIGN starting point say why in a comment just above them.
#
# Whose data it is (tamis decides it before the cells apply; src/whose.rs, src/decide.rs):
# - the cells apply to the cared-for person's data. The sender structure's own identity (its
#   letterhead and signature: name, address, switchboard, FINESS, SIRET) is never removed;
# - a message with no health data about anyone (an order, payroll, an invitation, an
#   activity report about groups) passes to any recipient: the staff's names and professional
#   numbers and the names of people of unknown role are kept. Only what is certainly a
#   cared-for person's (a NIR, an IPP, a named résident) still goes through the cells — so a
#   résident's identity without health data, sent outside the trust space, is removed or kept
#   as the recipient's cell says (the identity block above: kept for qualified roles, removed
#   for `unknown`);
# - with health data about someone, the professionals', relatives' and unknown persons'
#   identifiers go through the cells too: their names next to a person's health data are not
#   every recipient's business.

version = 1

# The sensitive tier (mental health, HIV and STIs, addictions, reproductive health, genetics)
# goes only to these roles, and only when their cell needs the category. Health professionals
# (DESIGN §3); psychologists too, since mental health is their very field (refined from DESIGN:
# a psychologist kept away from a psychiatric diagnosis could not follow the person); and the
# person themself (L1111-7).
sensitive_roles = ["health_professional", "psy_titled", "patient"]

# For professionals, the sensitive tier also requires the recipient to be in the person's care
# team, the person's consent to share outside the team not being enough: a choice of DESIGN §3,
# stricter than CSP L1110-4 III (which allows sharing outside the team with prior consent).
sensitive_needs_care_team = true
'''

def fmt_needed(health):
    order = {c: i for i, c in enumerate(HEALTH_ORDER)}
    health = sorted(health, key=order.__getitem__)
    lines = ["needed = ["]
    lines.append("  " + ", ".join(f'"{c}"' for c in ID) + ",")
    lines.append("  " + ", ".join(f'"{c}"' for c in PRO) + ",")
    line = " "
    for c in health:
        item = f' "{c}",'
        if len(line) + len(item) > 96:
            lines.append(line)
            line = " "
        line += item
    if health:
        lines.append(line)
    lines.append("]")
    return "\n".join(lines)

def cell(purpose, role, needed_text, reason, notes, comment):
    out = []
    if comment:
        out.append(comment)
    out.append(f"[{purpose}.{role}]")
    out.append(needed_text)
    assert '"' not in reason
    out.append(f'reason = "{reason}"')
    if notes:
        out.append(f"\n[{purpose}.{role}.notes]")
        for k, v in notes.items():
            assert '"' not in v
            out.append(f'{k} = "{v}"')
    return "\n".join(out)

def main():
    parts = [HEADER]
    for purpose, comment, rows in PURPOSES:
        parts.append(comment)
        for role, health, reason, notes, c in rows:
            parts.append(cell(purpose, role, fmt_needed(health), reason, notes, c))
        parts.append(cell(purpose, "patient", fmt_needed(ALL_HEALTH), PATIENT_REASON, {}, None))
        parts.append(cell(purpose, "unknown", "needed = []", UNKNOWN_REASON, {}, None))
    parts.append(ADMIN_COMMENT)
    for role, reason in ADMIN_REASONS.items():
        parts.append(cell("administrative", role, fmt_needed([]), reason, {}, None))
    parts.append(cell("administrative", "unknown", "needed = []", UNKNOWN_REASON, {}, None))
    print("\n\n".join(parts))

main()
