"""Forms: admission, transfer (fiche de liaison), MDPH, billing, EHPAD entry, identity
vigilance, APA, nurse billing, pre-anaesthesia (019-028)."""
from gen_blind19 import D, nir, nir_digits, bad_nir, finess


def boxes(digits: str, sep: str = "|") -> str:
    """One digit per box: |2|7|5|…| (the form's squares), spaces dropped."""
    d = digits.replace(" ", "")
    return sep + sep.join(d) + sep


N19 = nir("2 75 11 40 192 204")
N21 = nir("1 81 03 99 352 027")
N22 = nir("1 36 02 64 122 087")
N22B = nir("2 38 05 40 046 009")
N20 = nir("2 32 02 40 221 018")
N26 = nir("2 36 08 31 555 402")
N27 = nir("1 52 04 64 024 311")
N28 = nir("1 90 12 2A 004 217")
F20 = finess("40000712")
F22 = finess("64078877")
BAD22 = bad_nir("2 51 09 64 330 118", "")

DOCS = [
D("019_fiche_admission", "secretary", "text", f"""FICHE D'ADMISSION — Bureau des entrées — Clinique Sainte-Odile

Nom de naissance : LABAT                      Nom d'usage : LABAT-HIRIGOYEN
Prénoms : Sandrine, Marie
Date de naissance : 26/11/1975                Sexe : F
Lieu de naissance : Mont-de-Marsan (40)
N° de sécurité sociale :
{boxes(N19)}
Adresse : 4 lotissement Bellevue
Code postal : 40090     Ville : Bretagne-de-Marsan
Tél. domicile : 05 58 52 30 17    Portable : 06 84 11 27 53
Courriel : sandrine.labat40@orange.fr

Personne à prévenir : HIRIGOYEN Marc (conjoint) — 06 84 11 27 60
Médecin traitant : Dr Élise Cassou-Mounat, Grenade-sur-l'Adour

Admission du 07/12/2026 — chambre particulière demandée — n° de séjour : 26120455
""", m=[
    ("person_name", "LABAT"),
    ("person_name", "LABAT-HIRIGOYEN"),
    ("person_name", "Sandrine, Marie"),
    ("birth_date", "26/11/1975"),
    ("address", "Mont-de-Marsan (40)"),
    ("nir", boxes(N19)),
    ("address", "4 lotissement Bellevue"),
    ("address", "40090"),
    ("address", "Bretagne-de-Marsan"),
    ("phone", "05 58 52 30 17"),
    ("phone", "06 84 11 27 53"),
    ("email", "sandrine.labat40@orange.fr"),
    ("person_name", "HIRIGOYEN Marc"),
    ("phone", "06 84 11 27 60"),
    ("person_name", "Élise Cassou-Mounat"),
    ("address", "Grenade-sur-l'Adour"),
    ("ipp", "26120455", "stay"),
    ("birth_date", "07/12/2026", "trap"),
    ("person_name", "Clinique Sainte-Odile", "trap"),
]),

D("020_fiche_liaison_ehpad", "nurse", "text", f"""FICHE DE LIAISON EHPAD → URGENCES
EHPAD Les Magnolias — 9 avenue Georges-Clemenceau, 40100 Dax — FINESS {F20} — 05 58 90 31 44

Résident(e) : Mme Yvette POMMIÈS veuve LAFITTE
Date de naissance : le 2 février 1932          Âge : 94 ans
Né(e) à : Peyrehorade
Assuré(e) social(e) :
  voir carte Vitale jointe —
  {N20}
Caisse : CPAM des Landes
Chambre : 18 (aile Est)

Personne de confiance : M. Didier Lafitte, fils, domicile à Tarnos — 06 20 17 45 98
Médecin coordonnateur : Dr Arnaud Hiribarren (RPPS 10003324517)
IDE ayant rédigé la fiche : Véronique — poste 21
""", m=[
    ("address", "9 avenue Georges-Clemenceau, 40100 Dax"),
    ("finess", F20),
    ("phone", "05 58 90 31 44"),
    ("person_name", "Yvette POMMIÈS"),
    ("person_name", "LAFITTE"),
    ("birth_date", "2 février 1932"),
    ("address", "Peyrehorade"),
    ("nir", N20),
    ("person_name", "Didier Lafitte"),
    ("address", "Tarnos"),
    ("phone", "06 20 17 45 98"),
    ("person_name", "Arnaud Hiribarren"),
    ("rpps", "10003324517"),
    ("person_name", "Véronique"),
    ("birth_date", "94 ans", "trap"),
    ("ipp", "Chambre : 18", "trap"),
    ("phone", "poste 21", "trap"),
]),

D("021_formulaire_mdph", "social_worker", "text", f"""FORMULAIRE DE DEMANDE(S) AUPRÈS DE LA MDPH — cerfa 15692

A. VOTRE IDENTITÉ
Nom de naissance : |B|A|R|R|È|R|E|                 Nom d'usage : | | | | |
Prénom(s) : |K|É|V|I|N|
Date de naissance : |1|4| / |0|3| / |1|9|8|1|
Commune de naissance : Alger (Algérie)
Numéro de sécurité sociale : {boxes(N21, " | ").strip()}
Sexe : [X] masculin  [ ] féminin

B. VOTRE ADRESSE
N° : 27   Voie : rue du Général de Gaulle
Code postal : 64000   Commune : Pau
Téléphone : 0761283455

C. PERSONNE QUI VOUS AIDE À REMPLIR CE FORMULAIRE
Mme Laetitia Ribaut, assistante sociale, CCAS de Pau — 05 59 27 85 10

Dossier MDPH n° 064-2026-117834
""", m=[
    ("person_name", "|B|A|R|R|È|R|E|"),
    ("person_name", "|K|É|V|I|N|"),
    ("birth_date", "|1|4| / |0|3| / |1|9|8|1|"),
    ("address", "Alger (Algérie)"),
    ("nir", boxes(N21, " | ").strip()),
    ("address", "rue du Général de Gaulle"),
    ("address", "64000"),
    ("address", "Pau"),
    ("phone", "0761283455"),
    ("person_name", "Laetitia Ribaut"),
    ("phone", "05 59 27 85 10"),
    ("ipp", "064-2026-117834"),
    ("ipp", "cerfa 15692", "trap"),
]),

D("022_bordereau_facturation", "secretary", "text", f"""BORDEREAU DE FACTURATION — SÉJOUR — Établissement FINESS {F22}

Facture n° {BAD22}          Date d'émission : 04/12/2026
Assuré : {N22.replace(" ", "")[:7]} {N22.replace(" ", "")[7:]}
Bénéficiaire : Mme ARAMENDY Lucie, née le 08/05/1938 (rang 01)
Ouvrant droit : M. ARAMENDY Jean-Pierre
Organisme : 01 641 0000
N° d'entrée : 2611-3398         Séjour du 24/11/2026 au 04/12/2026

Forfait journalier : 14 × 20,00 € = 280,00 €
Reste à charge : 0,00 €

Pour régler par virement : FR76 1690 6000 2087 1234 5678 951 (Trésor public — régie)
Autre bénéficiaire rattaché : Mme ARAMENDY-SALLES Maïté, assurée {N22B}
""", m=[
    ("finess", F22),
    ("nir", N22.replace(" ", "")[:7] + " " + N22.replace(" ", "")[7:]),
    ("person_name", "ARAMENDY Lucie"),
    ("birth_date", "08/05/1938"),
    ("person_name", "ARAMENDY Jean-Pierre"),
    ("ipp", "2611-3398", "stay"),
    ("person_name", "ARAMENDY-SALLES Maïté"),
    ("nir", N22B),
    ("nir", BAD22, "trap"),
    ("phone", "01 641 0000", "trap"),
    ("birth_date", "04/12/2026", "trap"),
    ("birth_date", "24/11/2026", "trap"),
    ("iban", "FR76 1690 6000 2087 1234 5678 951", "trap"),
]),

D("023_demande_entree_ehpad", "social_worker", "text", """DEMANDE D'ADMISSION EN EHPAD — volet administratif

Identité de la personne concernée
Civilité : Monsieur     Nom : LE GUENNEC     Prénom : Yves
Né le : le vingt-neuf avril mille neuf cent trente-six
à : Quimper (Finistère)
Domicile actuel : 15 résidence Ker Avel — 29900 Concarneau
Situation familiale : veuf. Fille : Mme Gwenaëlle LE GUENNEC épouse MORVAN, demeurant
22 Hollow Lane, Reading RG1 4QT, Royaume-Uni, +44 7700 900418

Rédigé par Mme Hélène Quillévéré, assistante sociale, le 01/12/2026
""", m=[
    ("person_name", "LE GUENNEC"),
    ("person_name", "Yves"),
    ("birth_date", "vingt-neuf avril mille neuf cent trente-six"),
    ("address", "Quimper (Finistère)"),
    ("address", "15 résidence Ker Avel — 29900 Concarneau"),
    ("person_name", "Gwenaëlle LE GUENNEC"),
    ("person_name", "MORVAN"),
    ("address", "22 Hollow Lane, Reading RG1 4QT, Royaume-Uni"),
    ("phone", "+44 7700 900418"),
    ("person_name", "Hélène Quillévéré"),
    ("birth_date", "01/12/2026", "trap"),
]),

D("024_identitovigilance_doublon", "secretary", "text", """CELLULE D'IDENTITOVIGILANCE — Signalement de doublon n° IV-2026-0312

Deux dossiers ouverts pour la même personne :
  dossier A : HARAMBOURE Jeanne Marie, 09/10/1947, créé sous le numéro 0015573208
  dossier B : HARAMBOURE-ETCHART Jeanne, 09/10/1947, numéro d'identifiant 0088120476
Le numéro d'identifiant d'hospitalisation est 3261009177 pour la venue du 28/11/2026.
Fusion demandée vers le dossier A. Identité vérifiée sur pièce.

Référente : Mme Corinne Dubourdieu, poste 5532
""", m=[
    ("person_name", "HARAMBOURE Jeanne Marie"),
    ("birth_date", "09/10/1947"),
    ("ipp", "0015573208"),
    ("person_name", "HARAMBOURE-ETCHART Jeanne"),
    ("ipp", "0088120476"),
    ("ipp", "3261009177", "stay"),
    ("person_name", "Corinne Dubourdieu"),
    ("ipp", "IV-2026-0312", "trap"),
    ("birth_date", "28/11/2026", "trap"),
    ("phone", "poste 5532", "trap"),
]),

D("025_demande_apa", "social_worker", "text", f"""DEMANDE D'ALLOCATION PERSONNALISÉE D'AUTONOMIE (APA)

1 — Le demandeur
Nom : SOUBIRON          Prénom : Raymonde
Date de naissance (jour, mois, année) : 15 08 1936
Lieu de naissance : Toulouse
N° d'immatriculation à la sécurité sociale (voir au verso de la carte Vitale)
Ne rien inscrire dans la zone grisée.

Régime : général — Caisse : CPAM de la Haute-Garonne


{N26}

2 — Le conjoint
Nom : SOUBIRON     Prénom : Marcel     né en novembre 1933

Adresse : lieu-dit Le Hourcq, 32110 Nogaro
""", m=[
    ("person_name", "SOUBIRON"),
    ("person_name", "Raymonde"),
    ("birth_date", "15 08 1936"),
    ("address", "Toulouse"),
    ("nir", N26),
    ("person_name", "Marcel"),
    ("birth_date", "novembre 1933"),
    ("address", "lieu-dit Le Hourcq, 32110 Nogaro"),
]),

D("026_releve_actes_ide", "nurse", "text", f"""RELEVÉ D'ACTES INFIRMIERS — cabinet infirmier du Bourg, 3 place de la Mairie, 64190 Navarrenx

Infirmière : Mme Pascale Lacrouts — ADELI 649312884 — RPPS 10004567712
Prescripteur : Dr J. Bidegaray (RPPS 10002213958)

Patient : LACAZE Bernard    NIR : {N27.replace(" ", ".")}
Né le 17 avril 1952 à Sauveterre-de-Béarn
Adresse des soins : 6 quartier Aubertin, 64190 Susmiou

Date        Acte           Cotation
01/12/2026  Pansement      AMI 2
02/12/2026  Pansement      AMI 2
04/12/2026  Pansement      AMI 2

Feuille de soins électronique n° 0004417 — lot de télétransmission 112
""", m=[
    ("address", "3 place de la Mairie, 64190 Navarrenx"),
    ("person_name", "Pascale Lacrouts"),
    ("adeli", "649312884"),
    ("rpps", "10004567712"),
    ("person_name", "J. Bidegaray"),
    ("rpps", "10002213958"),
    ("person_name", "LACAZE Bernard"),
    ("nir", N27.replace(" ", ".")),
    ("birth_date", "17 avril 1952"),
    ("address", "Sauveterre-de-Béarn"),
    ("address", "6 quartier Aubertin, 64190 Susmiou"),
    ("birth_date", "01/12/2026", "trap"),
    ("birth_date", "02/12/2026", "trap"),
    ("birth_date", "04/12/2026", "trap"),
    ("ipp", "0004417", "trap"),
    ("ipp", "lot de télétransmission 112", "trap"),
]),

D("027_consultation_anesthesie", "physician", "text", f"""CONSULTATION PRÉ-ANESTHÉSIQUE — 02/12/2026
Patient : ORSINI Paul-Antoine, né le 04/12/1990 à Ajaccio — NIR {N28}
Réf. dossier : 0077120934 — Intervention prévue le 15/12/2026 (n° de séjour prévisionnel : 2612-0871)
Anesthésiste : Dr Sophie Vandenberghe — Chirurgien : Dr T. N'Guessan

Patient de 35 ans, 1,82 m, 79 kg. Vit à Bordeaux (quartier des Chartrons) depuis 2018.
Il rentre d'un congrès à Paris. Son frère Ange-Mathieu pourra le raccompagner.
""", m=[
    ("person_name", "ORSINI Paul-Antoine"),
    ("birth_date", "04/12/1990"),
    ("address", "Ajaccio"),
    ("nir", N28),
    ("ipp", "0077120934"),
    ("ipp", "2612-0871", "stay"),
    ("person_name", "Sophie Vandenberghe"),
    ("person_name", "T. N'Guessan"),
    ("address", "Bordeaux (quartier des Chartrons)"),
    ("person_name", "Ange-Mathieu"),
    ("birth_date", "02/12/2026", "trap"),
    ("birth_date", "15/12/2026", "trap"),
    ("birth_date", "35 ans", "trap"),
    ("address", "Paris", "trap"),
]),
]
