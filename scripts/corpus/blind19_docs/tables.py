"""Tables of patients and staff: ward list, bed plan, appointments, exports (010-018)."""
from gen_blind19 import D, nir, nir_digits, bad_nir, finess

N13 = nir_digits("2 86 04 40 088 015")
BAD15 = bad_nir("1 86 07 75 112 334", "")
BAD15B = bad_nir("2 61 11 64 024 118", "")

DOCS = [
D("010_liste_service_pipes", "software", "text", """MÉDECINE POLYVALENTE — 2e étage — Liste des patients présents au 06/12/2026 07:00

Lit | Patient                      | S | Naissance  | Âge | IPP        | NDA         | Entrée     | Médecin
201 | ARRIBEHAUTE Jean-Baptiste    | M | 02/08/1936 | 90  | 0024418877 | 10294871102 | 29/11/2026 | Dr Lassalle-Péré
202 | N'DIAYE Fatoumata            | F | 17/01/1988 | 38  | 8012939470 | 10294873318 | 03/12/2026 | Dr Lassalle-Péré
203 | DE LA FUENTE Y GARCÍA Rocío  | F | 28/02/1952 | 74  | 0031002264 | 10294874005 | 04/12/2026 | Dr Mbappé-Ekotto
204 | vide                         |   |            |     |            |             |            |
205 | LE BIHAN Erwan               | M | 09/09/1967 | 59  | 0019987214 | 10294874412 | 05/12/2026 | Dr Mbappé-Ekotto
206 | NGUYEN THI Mai               | F | 11/11/1944 | 82  | 0027763518 | 10294874590 | 05/12/2026 | Dr Lassalle-Péré

Cadre de santé : Sylvie Darrigrand (poste 4412)
""", m=[
    ("person_name", "ARRIBEHAUTE Jean-Baptiste"),
    ("birth_date", "02/08/1936"),
    ("ipp", "0024418877"),
    ("ipp", "10294871102", "stay"),
    ("person_name", "N'DIAYE Fatoumata"),
    ("birth_date", "17/01/1988"),
    ("ipp", "8012939470"),
    ("ipp", "10294873318", "stay"),
    ("person_name", "DE LA FUENTE Y GARCÍA Rocío"),
    ("birth_date", "28/02/1952"),
    ("ipp", "0031002264"),
    ("ipp", "10294874005", "stay"),
    ("person_name", "LE BIHAN Erwan"),
    ("birth_date", "09/09/1967"),
    ("ipp", "0019987214"),
    ("ipp", "10294874412", "stay"),
    ("person_name", "NGUYEN THI Mai"),
    ("birth_date", "11/11/1944"),
    ("ipp", "0027763518"),
    ("ipp", "10294874590", "stay"),
    ("person_name", "Lassalle-Péré"),
    ("person_name", "Mbappé-Ekotto"),
    ("person_name", "Sylvie Darrigrand"),
    ("birth_date", "29/11/2026", "trap"),
    ("birth_date", "03/12/2026", "trap"),
    ("birth_date", "05/12/2026", "trap"),
    ("phone", "poste 4412", "trap"),
]),

D("011_plan_lits_colonnes", "nurse", "text", """PLAN DE LITS — UNITÉ DE GÉRIATRIE AIGUË — nuit du 05 au 06/12

CH  NOM               PRÉNOM        NÉ(E) LE     N° PAT.      OBS.
301 MOUHOUB           Rachid        14.03.1939   6104452219   chute, surveillance
302 DUPRAT-LABORDE    Germaine      01.06.1931   6100187345   isolement contact
303 SCHNEIDER         Hans-Peter    22.10.1945   6109950312
304 OLIVEIRA COSTA    Manuel        30.04.1942   6101127784   famille à prévenir
305 BOURDA            Paulette      07.12.1928   6100033561   GIR 2

IDE nuit : J. Castaings — AS nuit : M.-C. Ribeiro
""", m=[
    ("person_name", "MOUHOUB"),
    ("person_name", "Rachid"),
    ("birth_date", "14.03.1939"),
    ("ipp", "6104452219"),
    ("person_name", "DUPRAT-LABORDE"),
    ("person_name", "Germaine"),
    ("birth_date", "01.06.1931"),
    ("ipp", "6100187345"),
    ("person_name", "SCHNEIDER"),
    ("person_name", "Hans-Peter"),
    ("birth_date", "22.10.1945"),
    ("ipp", "6109950312"),
    ("person_name", "OLIVEIRA COSTA"),
    ("person_name", "Manuel"),
    ("birth_date", "30.04.1942"),
    ("ipp", "6101127784"),
    ("person_name", "BOURDA"),
    ("person_name", "Paulette"),
    ("birth_date", "07.12.1928"),
    ("ipp", "6100033561"),
    ("person_name", "J. Castaings"),
    ("person_name", "M.-C. Ribeiro"),
]),

D("012_liste_rdv_tabs", "secretary", "text", """Consultations de pneumologie — Dr Claire Hourcade — lundi 07/12/2026
Heure\tPatient\tNé(e) le\tDossier\tTéléphone\tMotif
08:30\tPEYRET Michel\t19/05/1950\t0051877230\t05 59 27 44 18\tSuivi BPCO
08:50\tALAOUI Yasmina\t02/03/1979\t0062214408\t06 12 58 90 31\tEFR
09:10\tHOURQUEBIE Jean\t27/07/1946\t0040098812\t05 59 66 10 73\tContrôle scanner
09:30\tANNULÉ\t\t\t\t
09:50\tSZYMAŃSKI Katarzyna\t15/12/1990\t0071104457\t07 81 44 20 96\tAsthme
10:10\tDUCOURAU Louis\t08/01/2001\t0074420015\t06 98 02 37 11\tPremière consultation

Salle d'attente B — badge visiteur n° 1187
""", m=[
    ("person_name", "Claire Hourcade"),
    ("person_name", "PEYRET Michel"),
    ("birth_date", "19/05/1950"),
    ("ipp", "0051877230"),
    ("phone", "05 59 27 44 18"),
    ("person_name", "ALAOUI Yasmina"),
    ("birth_date", "02/03/1979"),
    ("ipp", "0062214408"),
    ("phone", "06 12 58 90 31"),
    ("person_name", "HOURQUEBIE Jean"),
    ("birth_date", "27/07/1946"),
    ("ipp", "0040098812"),
    ("phone", "05 59 66 10 73"),
    ("person_name", "SZYMAŃSKI Katarzyna"),
    ("birth_date", "15/12/1990"),
    ("ipp", "0071104457"),
    ("phone", "07 81 44 20 96"),
    ("person_name", "DUCOURAU Louis"),
    ("birth_date", "08/01/2001"),
    ("ipp", "0074420015"),
    ("phone", "06 98 02 37 11"),
    ("birth_date", "07/12/2026", "trap"),
    ("ipp", "1187", "trap"),
]),

D("013_planning_dialyse", "nurse", "text", """Centre d'hémodialyse — planning séance du mardi matin

Poste 1 : J.-M. Etchegaray
Poste 2 : A.CHENEVIER
Poste 3 : Mme Bénédicte du Boisrouvray
Poste 4 : M. Ould Ahmed
Poste 5 : libre
Poste 6 : R. Poumonet, puis E. Fofolet à 13 h

Néphrologue de séance : Dr S. Van Acker. IDE : Lucie, Thomas, Aurore.
Séance n° 148 pour Mme du Boisrouvray.
""", m=[
    ("person_name", "J.-M. Etchegaray"),
    ("person_name", "A.CHENEVIER"),
    ("person_name", "Bénédicte du Boisrouvray"),
    ("person_name", "du Boisrouvray"),
    ("person_name", "Ould Ahmed"),
    ("person_name", "R. Poumonet"),
    ("person_name", "E. Fofolet"),
    ("person_name", "S. Van Acker"),
    ("person_name", "Lucie"),
    ("person_name", "Thomas"),
    ("person_name", "Aurore"),
    ("ipp", "Poste 1", "trap"),
    ("ipp", "Séance n° 148", "trap"),
]),

D("014_liste_transports", "secretary", "text", """BONS DE TRANSPORT — sorties du 08/12/2026

1. LAHARRAGUE Pierre — 13 chemin de Bidache, 64520 Came — VSL — 10 h 00
2. MIQUEU Simone — Résidence Les Acacias, appt 12, 2 rue Pasteur — 64100 — Bayonne — ambulance assise — 11 h 30
3. GONZÁLEZ RUIZ Pilar — Calle Mayor 14, 3º izq., 31001 Pamplona (Espagne) — taxi conventionné — 14 h 00
4. DIALLO Mamadou — foyer ADOMA, 5 allée des Platanes, 64600 Anglet — VSL — 15 h 30

Société de transport : Ambulances de l'Adour, 05 59 52 18 00. Bon n° 26-00712.
""", m=[
    ("person_name", "LAHARRAGUE Pierre"),
    ("address", "13 chemin de Bidache, 64520 Came"),
    ("person_name", "MIQUEU Simone"),
    ("address", "Résidence Les Acacias, appt 12, 2 rue Pasteur — 64100 — Bayonne"),
    ("person_name", "GONZÁLEZ RUIZ Pilar"),
    ("address", "Calle Mayor 14, 3º izq., 31001 Pamplona (Espagne)"),
    ("person_name", "DIALLO Mamadou"),
    ("address", "foyer ADOMA, 5 allée des Platanes, 64600 Anglet"),
    ("phone", "05 59 52 18 00"),
    ("birth_date", "08/12/2026", "trap"),
    ("ipp", "26-00712", "trap"),
]),

D("015_dispensation_pharmacie", "software", "text", f"""PHARMACIE À USAGE INTÉRIEUR — Dispensation nominative — Commande n° {BAD15}

Patient                 | UF   | Produit                  | Qté | Lot        | Péremption
CASTÉRA Henriette       | 2210 | Enoxaparine 4000 UI      | 7   | 6A1123     | 03/2028
BAHRI Sofiane           | 2210 | Amoxicilline 1 g         | 21  | B44871     | 11/2027
LOPES DA COSTA Maria    | 2230 | Paracétamol 1 g          | 12  | 25K0917    | 06/2029

Facture fournisseur n° {BAD15B} du 01/12/2026.
Pharmacien : Dr Guilhem Arrouy — préparateur : T. Saubadine
""", m=[
    ("person_name", "CASTÉRA Henriette"),
    ("person_name", "BAHRI Sofiane"),
    ("person_name", "LOPES DA COSTA Maria"),
    ("person_name", "Guilhem Arrouy"),
    ("person_name", "T. Saubadine"),
    ("nir", BAD15, "trap"),
    ("nir", BAD15B, "trap"),
    ("ipp", "6A1123", "trap"),
    ("ipp", "B44871", "trap"),
    ("ipp", "25K0917", "trap"),
    ("birth_date", "03/2028", "trap"),
    ("birth_date", "01/12/2026", "trap"),
]),

D("016_export_csv_consultations", "software", "text", f"""nom;prenom;sexe;date_naissance;ipp;nir;code_postal;ville;date_venue
MARTIN-ROUX;Élodie;F;1986-04-12;7710042281;{N13};40100;DAX;2026-12-01
ABADIE;Jean-Claude;M;1955-10-30;7710002914;;40990;SAINT-PAUL-LÈS-DAX;2026-12-01
TOURNIER;Lisa;F;2012-06-08;7710125573;;40180;NARROSSE;2026-12-02
""", m=[
    ("person_name", "MARTIN-ROUX"),
    ("person_name", "Élodie"),
    ("birth_date", "1986-04-12"),
    ("ipp", "7710042281"),
    ("nir", N13),
    ("address", "40100;DAX"),
    ("person_name", "ABADIE"),
    ("person_name", "Jean-Claude"),
    ("birth_date", "1955-10-30"),
    ("ipp", "7710002914"),
    ("address", "40990;SAINT-PAUL-LÈS-DAX"),
    ("person_name", "TOURNIER"),
    ("person_name", "Lisa"),
    ("birth_date", "2012-06-08"),
    ("ipp", "7710125573"),
    ("address", "40180;NARROSSE"),
    ("birth_date", "2026-12-01", "trap"),
    ("birth_date", "2026-12-02", "trap"),
]),

D("017_tableau_garde", "secretary", "text", """TABLEAU DE GARDE — DÉCEMBRE 2026 — Pôle urgences

Date        Médecin senior              RPPS          Téléphone
07/12       Dr Nathalie ROUSSEAU-LARRE  10101877342   06 07 22 19 84
08/12       Dr Idriss BOUZID            10003466215   06 62 90 47 13
09/12       Dr Pierre-Yves LE SAUX      10102339871   06 45 71 08 36

Infirmiers d'accueil (ADELI) : Cyril Lamarque 640013447, Inès Garat 640018825
Cadre d'astreinte : bip 218
""", m=[
    ("person_name", "Nathalie ROUSSEAU-LARRE"),
    ("rpps", "10101877342"),
    ("phone", "06 07 22 19 84"),
    ("person_name", "Idriss BOUZID"),
    ("rpps", "10003466215"),
    ("phone", "06 62 90 47 13"),
    ("person_name", "Pierre-Yves LE SAUX"),
    ("rpps", "10102339871"),
    ("phone", "06 45 71 08 36"),
    ("person_name", "Cyril Lamarque"),
    ("adeli", "640013447"),
    ("person_name", "Inès Garat"),
    ("adeli", "640018825"),
    ("phone", "bip 218", "trap"),
    ("birth_date", "07/12", "trap"),
]),

D("018_liste_rcp", "physician", "text", """RCP ONCOLOGIE DIGESTIVE — séance du 03/12/2026 — visio

Présents : Dr F. Rabbi, Pr V. Lengliné, Dr A. Oukhellou, Dr M. de Saint-Exupéry-Lacaze (radiothérapie)

Dossiers présentés :
- Mme P. Larrouy, 71 ans (Dr Rabbi) — dossier 0091124407
- M. Jean-Louis da Cunha, 64 ans (Pr Lengliné) — pour le patient 0092231150, dossier complet
- M. K. Wiśniewski, 58 ans — ID : 0093307712

Prochaine RCP le 10/12/2026.
""", m=[
    ("person_name", "F. Rabbi"),
    ("person_name", "V. Lengliné"),
    ("person_name", "A. Oukhellou"),
    ("person_name", "M. de Saint-Exupéry-Lacaze"),
    ("person_name", "P. Larrouy"),
    ("person_name", "Rabbi"),
    ("ipp", "0091124407"),
    ("person_name", "Jean-Louis da Cunha"),
    ("person_name", "Lengliné"),
    ("ipp", "0092231150"),
    ("person_name", "K. Wiśniewski"),
    ("ipp", "0093307712"),
    ("birth_date", "71 ans", "trap"),
    ("birth_date", "03/12/2026", "trap"),
    ("birth_date", "10/12/2026", "trap"),
]),
]
