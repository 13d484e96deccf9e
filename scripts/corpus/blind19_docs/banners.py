"""Patient banners and the header blocks of hospital letters (001-009)."""
from gen_blind19 import D, nir, nir_digits, bad_nir, finess

F_MDM = finess("40078011")
N2 = nir("2 71 02 40 282 327")
N3 = nir("1 58 09 33 063 451")
N4 = nir("2 93 06 2B 033 118")
N7 = nir("1 64 03 75 111 042")
N8 = nir("1 19 05 64 102 033")
F_SSR = finess("64078123")

DOCS = [
D("001_bandeau_hdj", "software", "text", """HÔPITAL DE JOUR D'ONCOLOGIE — Hôpital Marcel-Dufresne
FERRANDO Maëlys | F | 04/02/1971 (55 ans) | 4402718836 | 261104578 | Venue du 03/12/2026
Médecin responsable : Dr Paul-Henri ESCANDE — Unité 3B, fauteuil 12

COMPTE RENDU DE VENUE

Mme Ferrando est venue ce jour pour sa quatrième cure. Elle était accompagnée de son mari,
M. Alain Ferrando. Bilan biologique du 01/12/2026 compatible avec la cure. Prochaine venue le
17/12/2026.

Dr P.-H. Escande
""", m=[
    ("person_name", "FERRANDO Maëlys"),
    ("birth_date", "04/02/1971"),
    ("ipp", "4402718836"),
    ("ipp", "261104578", "stay"),
    ("person_name", "Paul-Henri ESCANDE"),
    ("person_name", "Ferrando"),
    ("person_name", "Alain Ferrando"),
    ("person_name", "P.-H. Escande"),
    ("person_name", "Hôpital Marcel-Dufresne", "trap"),
    ("birth_date", "55 ans", "trap"),
    ("birth_date", "03/12/2026", "trap"),
    ("birth_date", "01/12/2026", "trap"),
    ("birth_date", "17/12/2026", "trap"),
    ("ipp", "fauteuil 12", "trap"),
]),

D("002_entete_lettre_sortie", "secretary", "text", f"""Centre Hospitalier de Mont-de-Marsan — FINESS {F_MDM}
Pôle de médecine — Service de médecine interne
Secrétariat : 05 58 05 14 72

BERGES Odile née LAPORTE
Née le 11/02/1971 à Saint-Sever
IPP : 0040218853        Séjour : 2026041877
Entrée le 24/11/2026 — Sortie le 02/12/2026
{N2}

Chemin de Lamothe
40500 Saint-Sever

Médecin traitant : Dr Jérôme Lacoste, 12 place du Tour du Sol, 40500 Saint-Sever

LETTRE DE LIAISON À LA SORTIE

Cher confrère,
Votre patiente Mme Berges a été hospitalisée dans le service du 24/11 au 02/12/2026.
Rédigé par Dr Anaïs Dufau (RPPS 10003871264), interne : Romain Sarrade.
""", m=[
    ("finess", F_MDM),
    ("phone", "05 58 05 14 72"),
    ("person_name", "BERGES Odile"),
    ("person_name", "LAPORTE"),
    ("birth_date", "11/02/1971"),
    ("address", "Saint-Sever"),
    ("ipp", "0040218853"),
    ("ipp", "2026041877", "stay"),
    ("nir", N2),
    ("address", "Chemin de Lamothe 40500 Saint-Sever"),
    ("person_name", "Jérôme Lacoste"),
    ("address", "12 place du Tour du Sol, 40500 Saint-Sever"),
    ("person_name", "Berges"),
    ("person_name", "Anaïs Dufau"),
    ("rpps", "10003871264"),
    ("person_name", "Romain Sarrade"),
    ("birth_date", "24/11/2026", "trap"),
    ("birth_date", "02/12/2026", "trap"),
]),

D("003_bandeau_urgences", "software", "text", f"""SAU — DOSSIER DE PASSAGE                                     Imprimé le 06/12/2026 03:12
DA SILVA PEREIRA JOAQUIM   M   12/09/1958 (68 a)   IPP 7003318824   NDA 3260088412
{N3}   Box 4   Tri IOA : 3

Motif : chute à domicile.
Adressé par : SMUR. Accompagnant : sa fille, Mme Sandra DA SILVA, 06 71 84 22 90.
IOA : Cédric MOUSTIÉ — Médecin : Dr Hélène KERGOAT
Transfert vers UHCD, lit 7.
""", m=[
    ("person_name", "DA SILVA PEREIRA JOAQUIM"),
    ("birth_date", "12/09/1958"),
    ("ipp", "7003318824"),
    ("ipp", "3260088412", "stay"),
    ("nir", N3),
    ("person_name", "Sandra DA SILVA"),
    ("phone", "06 71 84 22 90"),
    ("person_name", "Cédric MOUSTIÉ"),
    ("person_name", "Hélène KERGOAT"),
    ("birth_date", "06/12/2026", "trap"),
    ("birth_date", "68 a", "trap"),
    ("ipp", "Box 4", "trap"),
    ("ipp", "lit 7", "trap"),
]),

D("004_cr_operatoire_entete", "physician", "text", f"""COMPTE RENDU OPÉRATOIRE

Patient(e) : VAN DER BEKEN Annick — 23/06/1993 — F — IPP 5501236098 — Séjour n° 26-118734
Né(e) à : Bastia     Sécu : {N4}
Date d'intervention : 05/12/2026        Salle 3

Opérateur : Pr L. Abadie-Marquèze
Aides : R. Poumarat, E. Fourcade, V. Lenglet
Anesthésiste : Dr O.BRISSAUD — IADE : C.TÉTRAULT
Instrumentiste : Nadège

Lot de l'implant : 4F2378A — réf. 0078-221
""", m=[
    ("person_name", "VAN DER BEKEN Annick"),
    ("birth_date", "23/06/1993"),
    ("ipp", "5501236098"),
    ("ipp", "26-118734", "stay"),
    ("address", "Bastia"),
    ("nir", N4),
    ("person_name", "L. Abadie-Marquèze"),
    ("person_name", "R. Poumarat"),
    ("person_name", "E. Fourcade"),
    ("person_name", "V. Lenglet"),
    ("person_name", "O.BRISSAUD"),
    ("person_name", "C.TÉTRAULT"),
    ("person_name", "Nadège"),
    ("birth_date", "05/12/2026", "trap"),
    ("ipp", "4F2378A", "trap"),
    ("ipp", "0078-221", "trap"),
    ("ipp", "Salle 3", "trap"),
]),

D("005_entete_biologie", "software", "text", """LABORATOIRE DE BIOLOGIE MÉDICALE — Site Hôpital Marcel-Dufresne
Biologiste responsable : Dr Karim BENSLIMANE

Patient    : LE GOFF Yannick
Né(e) le   : 30/07/1984        Sexe : M
ID         : 9120045573
Dossier    : 261207731
Prescripteur : Dr M. Quéré
Prélevé le 04/12/2026 à 07:45 — Reçu le 04/12/2026 à 08:20

Hémoglobine ........ 13,9 g/dl   (13,0 - 17,0)
Leucocytes ......... 7,2 G/l     (4,0 - 10,0)
Plaquettes ......... 251 G/l     (150 - 400)
""", m=[
    ("person_name", "Karim BENSLIMANE"),
    ("person_name", "LE GOFF Yannick"),
    ("birth_date", "30/07/1984"),
    ("ipp", "9120045573"),
    ("ipp", "261207731", "stay"),
    ("person_name", "M. Quéré"),
    ("person_name", "Hôpital Marcel-Dufresne", "trap"),
    ("birth_date", "04/12/2026", "trap"),
]),

D("006_bandeau_imagerie", "software", "text", """IMAGERIE MÉDICALE — Scanner
Examen du 02/12/2026
Nom : DUBOSCQ   Prénom : Thérèse   Nom de naissance : LARRIEU
DDN : 19/04/1949   Âge : 77 ans   Sexe : F
N° patient : 0038812270   N° venue : 1260431185
Adresse : 7 impasse des Tilleuls 64300 Orthez
Demandeur : Dr Ph. Lamaison — Radiologue : Dr Inès Oyarzabal

Scanner thoracique sans injection.
""", m=[
    ("person_name", "DUBOSCQ"),
    ("person_name", "Thérèse"),
    ("person_name", "LARRIEU"),
    ("birth_date", "19/04/1949"),
    ("ipp", "0038812270"),
    ("ipp", "1260431185", "stay"),
    ("address", "7 impasse des Tilleuls 64300 Orthez"),
    ("person_name", "Ph. Lamaison"),
    ("person_name", "Inès Oyarzabal"),
    ("birth_date", "02/12/2026", "trap"),
    ("birth_date", "77 ans", "trap"),
]),

D("007_entete_psychiatrie", "secretary", "text", f"""EPSM du Val d'Adour — Secteur 40G03
Unité Les Cèdres

N.S.S. : {N7.replace(" ", ".")}
M. OUEDRAOGO Souleymane
né le 15/03/1964 à Paris 11e
Domicile : 48 avenue de la République 75011 Paris
N° de dossier : 64021187

Personne de confiance : Mme Awa OUEDRAOGO (épouse) — 07 68 21 45 10

Hospitalisation en soins libres depuis le 28/11/2026.
Psychiatre référent : Dr Bénédicte Saint-Martin
""", m=[
    ("nir", N7.replace(" ", ".")),
    ("person_name", "OUEDRAOGO Souleymane"),
    ("birth_date", "15/03/1964"),
    ("address", "Paris 11e"),
    ("address", "48 avenue de la République 75011 Paris"),
    ("ipp", "64021187"),
    ("person_name", "Awa OUEDRAOGO"),
    ("phone", "07 68 21 45 10"),
    ("person_name", "Bénédicte Saint-Martin"),
    ("birth_date", "28/11/2026", "trap"),
]),

D("008_bandeau_pediatrie", "software", "text", f"""Pédiatrie générale — Hôpital Marcel-Dufresne — Chambre 214
ETCHEVERRY Lohan      M      né le 21/05/2019 (7 ans 6 mois)      IPP 6600412398      NDA 326011487
NIR de l'enfant : {N8}
Représentants légaux : Maite ETCHEVERRY (mère) 06 33 18 72 04 — Jon ETCHEVERRY (père)
Adresse : Maison Ithurria, chemin d'Errota 64250 Itxassou
Médecin traitant : Dr Gaëlle Harispe, Cambo-les-Bains

Transmissions IDE du 05/12/2026 :
Lohan a bien dormi. Apyrétique. Mange la moitié de son plateau. Maman présente la nuit.
IDE : Manon L. — AS : Kevin
""", m=[
    ("person_name", "ETCHEVERRY Lohan"),
    ("birth_date", "21/05/2019"),
    ("ipp", "6600412398"),
    ("ipp", "326011487", "stay"),
    ("nir", N8),
    ("person_name", "Maite ETCHEVERRY"),
    ("phone", "06 33 18 72 04"),
    ("person_name", "Jon ETCHEVERRY"),
    ("address", "Maison Ithurria, chemin d'Errota 64250 Itxassou"),
    ("person_name", "Gaëlle Harispe"),
    ("address", "Cambo-les-Bains"),
    ("person_name", "Lohan"),
    ("person_name", "Manon L."),
    ("person_name", "Kevin"),
    ("ipp", "Chambre 214", "trap"),
    ("birth_date", "7 ans 6 mois", "trap"),
    ("birth_date", "05/12/2026", "trap"),
    ("person_name", "Hôpital Marcel-Dufresne", "trap"),
]),

D("009_entete_crh_ssr", "physician", "text", f"""SSR polyvalent « Les Genêts » — 12 route de Pau, 64230 Lescar — FINESS {F_SSR}
Dr Lucienne MAÏTÉ-BORDENAVE, médecin MPR — RPPS 10004418723
Tél. secrétariat 05 59 81 40 22 — ssr.genets@ssr-exemple.mssante.fr

Nom d'usage : CAZENAVE épouse DUCASSE        Prénoms : Marie Jeanne Henriette
Date de naissance : 03/01/1941                Lieu : Oloron-Sainte-Marie
Ident. : 0412877351 / 0026114   Venue : 2611-00482

Compte rendu d'hospitalisation du 10/11/2026 au 04/12/2026.
Mme Ducasse, 85 ans, veuve, vit seule à Jurançon (3 rue Daran, 64110).
""", m=[
    ("finess", F_SSR),
    ("address", "12 route de Pau, 64230 Lescar"),
    ("person_name", "Lucienne MAÏTÉ-BORDENAVE"),
    ("rpps", "10004418723"),
    ("phone", "05 59 81 40 22"),
    ("email", "ssr.genets@ssr-exemple.mssante.fr"),
    ("person_name", "CAZENAVE"),
    ("person_name", "DUCASSE"),
    ("person_name", "Marie Jeanne Henriette"),
    ("birth_date", "03/01/1941"),
    ("address", "Oloron-Sainte-Marie"),
    ("ipp", "0412877351"),
    ("ipp", "0026114"),
    ("ipp", "2611-00482", "stay"),
    ("person_name", "Ducasse"),
    ("address", "Jurançon"),
    ("address", "3 rue Daran, 64110"),
    ("birth_date", "85 ans", "trap"),
]),
]
