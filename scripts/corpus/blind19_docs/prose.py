"""Notes and letters: weak number cues, first names alone, places after « à », birth dates in
words and month + year, foreign addresses (028-035)."""
from gen_blind19 import D, nir, nir_digits, bad_nir, finess

N31 = nir("1 78 01 65 440 118")
N32 = nir_digits("2 41 05 33 540 019")
N35 = nir("1 91 02 99 350 078")
F32 = finess("33078045")

DOCS = [
D("028_note_sociale_domicile", "social_worker", "text", """Service social — Hôpital Marcel-Dufresne
Note de situation du 03/12/2026

Concerne : M. Barnabé TOURNEMINE, né en mars 1982, suivi sous le numéro 0066139021.
Domicile : chez sa mère, Mme Colette Tournemine, 31 rue Championnet à Paris dans le 75018.

Barnabé passe beaucoup de temps seul dans sa chambre et ne sort plus. Sa sœur Clémence vit à
Montreuil et passe le voir le dimanche. Il dit être allé à Lyon pour un salon en octobre.
Une mesure de protection est en cours auprès de l'UDAF, 14 avenue Paul-Vaillant-Couturier,
94 403 Vitry-sur-Seine Cedex.

Samia Belkacem, assistante sociale — 01 42 55 80 13
""", m=[
    ("person_name", "Barnabé TOURNEMINE"),
    ("birth_date", "mars 1982"),
    ("ipp", "0066139021"),
    ("person_name", "Colette Tournemine"),
    ("address", "31 rue Championnet à Paris dans le 75018"),
    ("person_name", "Barnabé"),
    ("person_name", "Clémence"),
    ("address", "Montreuil"),
    ("address", "14 avenue Paul-Vaillant-Couturier, 94 403 Vitry-sur-Seine Cedex"),
    ("person_name", "Samia Belkacem"),
    ("phone", "01 42 55 80 13"),
    ("address", "Lyon", "trap"),
    ("birth_date", "03/12/2026", "trap"),
    ("person_name", "Hôpital Marcel-Dufresne", "trap"),
]),

D("029_lettre_patient_belgique", "physician", "text", """Dr Olivier Cambon-Fayolle
Endocrinologie — 14 cours Victor-Hugo, 33000 Bordeaux
RPPS 10100932271 — 05 56 44 19 02

                                        Monsieur Théo VAN DEN BROECK
                                        Rijselstraat 41
                                        8500 Kortrijk
                                        Belgique

Bordeaux, le 4 décembre 2026

Monsieur,

Je vous transmets les résultats de votre bilan, enregistrés sous le numéro 0055810264.
Vous êtes né en juin 1991 : le dépistage proposé à partir de 40 ans ne vous concerne pas encore.
Je serai absent la semaine du 14 décembre (congrès de la SFE à Lille) ; ma collègue le
Dr Amélie Nguyen-Delmas pourra vous recevoir.

Dr O. Cambon-Fayolle
""", m=[
    ("person_name", "Olivier Cambon-Fayolle"),
    ("address", "14 cours Victor-Hugo, 33000 Bordeaux"),
    ("rpps", "10100932271"),
    ("phone", "05 56 44 19 02"),
    ("person_name", "Théo VAN DEN BROECK"),
    ("address", "Rijselstraat 41 8500 Kortrijk Belgique"),
    ("ipp", "0055810264"),
    ("birth_date", "juin 1991"),
    ("person_name", "Amélie Nguyen-Delmas"),
    ("person_name", "O. Cambon-Fayolle"),
    ("address", "Bordeaux, le 4 décembre 2026", "trap"),
    ("address", "Lille", "trap"),
    ("birth_date", "40 ans", "trap"),
]),

D("030_transmissions_prenoms", "nurse", "text", """TRANSMISSIONS CIBLÉES — MAS Les Tamaris — unité 2 — 05/12/2026

Matin (Soraya, IDE ; Jordan, AES)
- Mathis a refusé son petit-déjeuner puis a mangé à 10 h. Sa mère, Mme Carrère, appelle à 14 h.
- Mme Odette a été changée deux fois. Rougeur au talon droit signalée à Soraya.
- Ibrahima est parti en sortie avec l'éducateur, retour 17 h.

Après-midi (Gaëlle, IDE)
- Mathis calme. Visite de son frère Kylian.
- Chambre 12 : robinet à réparer (service technique prévenu, bon n° 2291).

Nuit (Fabrice)
- RAS. Ibrahima réveillé à 3 h, rendormi.
""", m=[
    ("person_name", "Soraya"),
    ("person_name", "Jordan"),
    ("person_name", "Mathis"),
    ("person_name", "Carrère"),
    ("person_name", "Odette"),
    ("person_name", "Ibrahima"),
    ("person_name", "Gaëlle"),
    ("person_name", "Kylian"),
    ("person_name", "Fabrice"),
    ("ipp", "Chambre 12", "trap"),
    ("ipp", "bon n° 2291", "trap"),
    ("birth_date", "05/12/2026", "trap"),
]),

D("031_certificat_date_en_lettres", "physician", "text", f"""CERTIFICAT MÉDICAL

Je soussigné, Dr Régis Laborde-Castex, médecin généraliste, 2 place Marcadieu, 65000 Tarbes,
RPPS 10003355198,
certifie avoir examiné ce jour M. Lucas BERTHOMIEU-DIAZ, né le deux janvier mille neuf cent
soixante-dix-huit à Tarbes, demeurant 12 bis rue Massey, appartement 4, à Tarbes,
immatriculé sous le n° {N31}.

Certificat établi à la demande de l'intéressé et remis en main propre.

Fait à Tarbes, le 05/12/2026
""", m=[
    ("person_name", "Régis Laborde-Castex"),
    ("address", "2 place Marcadieu, 65000 Tarbes"),
    ("rpps", "10003355198"),
    ("person_name", "Lucas BERTHOMIEU-DIAZ"),
    ("birth_date", "deux janvier mille neuf cent soixante-dix-huit"),
    ("address", "Tarbes"),
    ("address", "12 bis rue Massey, appartement 4, à Tarbes"),
    ("nir", N31),
    ("address", "Fait à Tarbes", "trap"),
    ("birth_date", "05/12/2026", "trap"),
]),

D("032_courrier_adressage_indices", "physician", "text", f"""Clinique mutualiste du Médoc — FINESS {F32}
Service de chirurgie orthopédique

À l'attention du Dr Fabienne Roumégoux, SSR de Lesparre

Chère consœur,

Je vous adresse Mme Ginette LAFON-DUBERNET (ID : 0081244375 ; n° de séjour 3270045512),
opérée le 30/11/2026 d'une prothèse totale de hanche. Prévision : 3270045530 pour le séjour SSR.
Assurée sociale : voir copie jointe ; son numéro, relevé sur l'attestation,
est le {N32}.
Elle habite seule à Vendays-Montalivet, 9 allée des Pins, et souhaite y rentrer.
Son neveu, M. Sébastien Ducos, est joignable au 06 58 40 91 27.
Numéro de dossier à rappeler pour toute correspondance : 0081244375.

Lot de la prothèse : 22H5519 ; salle 4 ; commande pharmacie n° {bad_nir("2 40 06 33 281 077", "")}.

Dr Matthieu Lestage
""", m=[
    ("finess", F32),
    ("person_name", "Fabienne Roumégoux"),
    ("person_name", "Ginette LAFON-DUBERNET"),
    ("ipp", "0081244375"),
    ("ipp", "3270045512", "stay"),
    ("ipp", "3270045530", "stay"),
    ("nir", N32),
    ("address", "Vendays-Montalivet, 9 allée des Pins"),
    ("person_name", "Sébastien Ducos"),
    ("phone", "06 58 40 91 27"),
    ("person_name", "Matthieu Lestage"),
    ("birth_date", "30/11/2026", "trap"),
    ("ipp", "22H5519", "trap"),
    ("nir", bad_nir("2 40 06 33 281 077", ""), "trap"),
]),

D("033_information_preoccupante", "educator", "text", """INFORMATION PRÉOCCUPANTE — transmise à la CRIP des Pyrénées-Atlantiques

Enfants concernés :
- Inès DA COSTA FERREIRA, née le 14/02/2015
- Rayan DA COSTA FERREIRA, né le 3 septembre 2018
Mère : Mme Sónia FERREIRA, domiciliée 5 rue des Cordeliers à Oloron-Sainte-Marie
Père : M. Nuno DA COSTA, résidant au Portugal — Rua de Santa Catarina 120, 4000-447 Porto

Inès arrive souvent seule et affamée à l'accueil de loisirs. Rayan a manqué l'école huit jours
en novembre. Les deux enfants disent que leur mère « dort toute la journée ».

Rédacteur : Julien Casteret, éducateur spécialisé, ITEP Le Gave — 05 59 39 22 61
""", m=[
    ("person_name", "Inès DA COSTA FERREIRA"),
    ("birth_date", "14/02/2015"),
    ("person_name", "Rayan DA COSTA FERREIRA"),
    ("birth_date", "3 septembre 2018"),
    ("person_name", "Sónia FERREIRA"),
    ("address", "5 rue des Cordeliers à Oloron-Sainte-Marie"),
    ("person_name", "Nuno DA COSTA"),
    ("address", "Rua de Santa Catarina 120, 4000-447 Porto"),
    ("person_name", "Inès"),
    ("person_name", "Rayan"),
    ("person_name", "Julien Casteret"),
    ("phone", "05 59 39 22 61"),
]),

D("034_compte_rendu_suisse", "physician", "text", f"""Consultation de rhumatologie — 01/12/2026

M. Karim EL MANSOURI-KLEIN, né à Casablanca (Maroc) en février 1991, NIR {N35}.
Réside en Suisse : chemin des Vignes 5, 1009 Pully (VD). Travaille comme frontalier.
Tél. +41 79 555 21 08.
Il a consulté l'an dernier un confrère à Genève (Dr Urs Baumgartner) et souhaite être suivi
à Annecy, où vit sa compagne, Mme Justine Perrillat.

Traité depuis deux ans. Revu dans six mois. Copie au Dr Benoît Favre-Bulle, 74000 Annecy.
""", m=[
    ("person_name", "Karim EL MANSOURI-KLEIN"),
    ("address", "Casablanca (Maroc)"),
    ("birth_date", "février 1991"),
    ("nir", N35),
    ("address", "chemin des Vignes 5, 1009 Pully (VD)"),
    ("phone", "+41 79 555 21 08"),
    ("person_name", "Urs Baumgartner"),
    ("person_name", "Justine Perrillat"),
    ("person_name", "Benoît Favre-Bulle"),
    ("address", "74000 Annecy"),
    ("address", "Annecy"),
    ("address", "Genève", "trap"),
    ("birth_date", "01/12/2026", "trap"),
]),

D("035_lettre_famille_mots", "psychologist", "text", """Centre médico-psychologique pour enfants — Bayonne

Bilan psychologique de Noé BARRENECHEA
Date de naissance : vingt-trois juillet deux mille seize
Domicile : à Ustaritz, chez ses grands-parents, M. et Mme Barrenechea
Scolarisé à l'école Sainte-Anne.

Noé a été vu à quatre reprises. Il parle volontiers de sa grand-mère, Maddi, et de son
chien. Je me tiens à la disposition de l'enseignante, Mme Oihana Etxeberria.

Sabine Lohitegui, psychologue — ADELI 649305617
""", m=[
    ("person_name", "Noé BARRENECHEA"),
    ("birth_date", "vingt-trois juillet deux mille seize"),
    ("address", "Ustaritz"),
    ("person_name", "Barrenechea"),
    ("person_name", "Noé"),
    ("person_name", "Maddi"),
    ("person_name", "Oihana Etxeberria"),
    ("person_name", "Sabine Lohitegui"),
    ("adeli", "649305617"),
    ("person_name", "école Sainte-Anne", "trap"),
]),
]
