"""E-mails (036-038) and HTML tables (039-041)."""
import html as _html

from gen_blind19 import D, nir, nir_digits, bad_nir, finess, table_html

N36 = nir("1 50 03 40 088 102")
N38 = nir_digits("2 44 12 64 122 311")
N41A = nir("1 69 08 2B 096 044")
N41B = nir("2 87 01 40 192 118")
BAD41 = bad_nir("1 58 06 64 445 207")
F41 = finess("40100234")
_D41A = N41A.replace(" ", "")
N41A_IRR = f"{_D41A[:5]} {_D41A[5:10]} {_D41A[10:]}"  # irregular groups

_ROWS37 = [
    ("LARRIEU-CAMOU Bernadette", "F", "12/06/1943", "0033518802", "Dr Poueyto"),
    ("SAINT-JEAN Olivier", "M", "30/09/1977", "0033620941", "Dr Poueyto"),
]
_HTML37 = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
    "<p>Bonjour,</p><p>Pour le patient 0033518802 et le suivant, merci de nous faire parvenir les "
    "comptes rendus d'hospitalisation de l'an dernier :</p>\n<table border=\"1\">"
    "<tr><th>Nom Prénom</th><th>S</th><th>DDN</th><th>IPP</th><th>Médecin</th></tr>\n"
    + "\n".join("<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in r) + "</tr>" for r in _ROWS37)
    + "</table>\n<p>Bien cordialement,<br>Maïder Iriart<br>Secrétariat de gastro-entérologie<br>"
    "05 59 44 37 81</p></body></html>\n")

DOCS = [
D("036_mail_transfert_ssr", "nurse", "mail", f"""Bonjour,

Comme convenu ce matin au téléphone, voici le patient proposé pour demain :

BORDENAVE Guy Henri | M | 21/03/1950 (76 ans) | 0029941876 | 3261102354
Sécu : {N36}
Domicile : Labouheyre (40210), quartier Bellocq
Fils à prévenir : Stéphane Bordenave, 06 31 78 25 44

Il partira en ambulance vers 10 h. Le courrier médical est signé par le Dr Claire Tachon.

Cordialement,
Aurélie Saint-Pé
Cadre de santé, médecine B — poste 3318
""", m=[
    ("person_name", "BORDENAVE Guy"),
    ("person_name", "BORDENAVE Guy Henri"),
    ("birth_date", "21/03/1950"),
    ("ipp", "0029941876"),
    ("ipp", "3261102354", "stay"),
    ("nir", N36),
    ("address", "Labouheyre (40210), quartier Bellocq"),
    ("person_name", "Stéphane Bordenave"),
    ("phone", "06 31 78 25 44"),
    ("person_name", "Claire Tachon"),
    ("person_name", "Aurélie Saint-Pé"),
    ("birth_date", "76 ans", "trap"),
    ("phone", "poste 3318", "trap"),
], from_="cadre.medb@ch-exemple.mssante.fr", to=["admissions@ssr-exemple.mssante.fr"],
   subject="XDM/1.0/DDM+Demande de transfert BORDENAVE Guy 21/03/1950",
   date="Fri, 04 Dec 2026 11:42:10 +0100"),

D("037_mail_demande_crh", "secretary", "mail", """Bonjour,

Pour le patient 0033518802 et le suivant, merci de nous faire parvenir les comptes rendus d'hospitalisation de l'an dernier :

Nom Prénom | S | DDN | IPP | Médecin
""" + "\n".join(" | ".join(r) for r in _ROWS37) + """

Bien cordialement,
Maïder Iriart
Secrétariat de gastro-entérologie
05 59 44 37 81
""", m=[
    ("ipp", "0033518802"),
    ("person_name", "LARRIEU-CAMOU Bernadette"),
    ("birth_date", "12/06/1943"),
    ("person_name", "SAINT-JEAN Olivier"),
    ("birth_date", "30/09/1977"),
    ("ipp", "0033620941"),
    ("person_name", "Poueyto"),
    ("person_name", "Maïder Iriart"),
    ("phone", "05 59 44 37 81"),
], from_="secretariat.gastro@ch-exemple.mssante.fr", to=["archives@clinique-exemple.mssante.fr"],
   subject="Demande de comptes rendus — 2 patients", date="Mon, 07 Dec 2026 09:05:44 +0100",
   html=_HTML37),

D("038_mail_bureau_entrees_pj", "secretary", "mail", """Bonjour,

Ci-joint l'export des admissions programmées de la semaine prochaine pour l'ambulatoire.
Une seule patiente n'a pas fourni son attestation de droits : Mme Fernandes, dont le numéro
d'assurée figure dans le fichier.

Bureau des entrées — Pascal Lagardère
""", m=[
    ("person_name", "Fernandes"),
    ("person_name", "Pascal Lagardère"),
    ("person_name", "FERNANDES Ana Lúcia"),
    ("birth_date", "19441230"),
    ("ipp", "0044120087"),
    ("nir", N38),
    ("address", "64200 BIARRITZ"),
    ("person_name", "OYHARÇABAL Beñat"),
    ("birth_date", "20090607"),
    ("ipp", "0044127713"),
    ("address", "64310 ASCAIN"),
    ("birth_date", "20261214", "trap"),
    ("birth_date", "20261215", "trap"),
], from_="bureau.entrees@ch-exemple.mssante.fr", to=["ambulatoire@ch-exemple.mssante.fr"],
   subject="Admissions programmées semaine 51", date="Mon, 07 Dec 2026 16:20:02 +0100",
   attach=("admissions_s51.txt", f"""IPP\tNOM PRENOM\tDDN\tNIR\tCP VILLE\tDATE ADM
0044120087\tFERNANDES Ana Lúcia\t19441230\t{N38}\t64200 BIARRITZ\t20261214
0044127713\tOYHARÇABAL Beñat\t20090607\t\t64310 ASCAIN\t20261215
""")),

D("039_html_programme_bloc", "software", "html", table_html(
    "Programme opératoire — bloc B — mardi 08/12/2026",
    ["Salle", "Heure", "Patient", "Né(e) le", "IPP", "Séjour", "Opérateur", "Anesthésiste"],
    [
        ["B1", "08:00", "MOREAU-SAINT-GERMAIN Luc", "03/03/1961", "5500871234", "26120311", "Dr P. de Lacvivier", "Dr K. Ahmadi"],
        ["B1", "10:30", "FOURNIER Chloé", "17/08/1999", "5500918876", "26120318", "Dr P. de Lacvivier", "Dr K. Ahmadi"],
        ["B2", "08:00", "MÜLLER Johann", "25/12/1948", "5500440127", "26120322", "Dr Hélène Sarraute", "Dr C. Lebrun"],
        ["B2", "13:00", "BA Aminata", "09/06/1983", "5501002248", "26120327", "Dr Hélène Sarraute", "Dr C. Lebrun"],
    ],
    before="<p>Version 3 — diffusée par la régulation du bloc (poste 2240).</p>",
    after="<p>Matériel : ancillaire n° 118 en B1. Cadre de bloc : Nadia Rahmouni.</p>"), m=[
    ("person_name", "MOREAU-SAINT-GERMAIN Luc"),
    ("birth_date", "03/03/1961"),
    ("ipp", "5500871234"),
    ("ipp", "26120311", "stay"),
    ("person_name", "P. de Lacvivier"),
    ("person_name", "K. Ahmadi"),
    ("person_name", "FOURNIER Chloé"),
    ("birth_date", "17/08/1999"),
    ("ipp", "5500918876"),
    ("ipp", "26120318", "stay"),
    ("person_name", "MÜLLER Johann"),
    ("birth_date", "25/12/1948"),
    ("ipp", "5500440127"),
    ("ipp", "26120322", "stay"),
    ("person_name", "Hélène Sarraute"),
    ("person_name", "C. Lebrun"),
    ("person_name", "BA Aminata"),
    ("birth_date", "09/06/1983"),
    ("ipp", "5501002248"),
    ("ipp", "26120327", "stay"),
    ("person_name", "Nadia Rahmouni"),
    ("birth_date", "08/12/2026", "trap"),
    ("phone", "poste 2240", "trap"),
    ("ipp", "ancillaire n° 118", "trap"),
]),

D("040_html_liste_sortants", "software", "html", table_html(
    "Sortants du 07/12/2026 — Cardiologie",
    ["Nom", "Prénom", "Né(e) le", "Adresse", "CP", "Ville", "Téléphone", "Mode de sortie"],
    [
        ["DUFOURCQ", "Jean-Michel", "18/02/1946", "3 allée des Chênes", "40230", "Saint-Vincent-de-Tyrosse", "05 58 77 12 40", "domicile"],
        ["LE ROY DE KERANFLEC'H", "Armelle", "06/07/1956", "Manoir de Kerlivio", "29120", "Pont-l'Abbé", "06 71 20 44 85", "domicile"],
        ["AÏT-OUARAB", "Zohra", "23/04/1968", "Résidence Les Pins, bât. C", "40100", "Dax", "07 60 33 18 29", "SSR"],
    ],
    after="<p>Validé par Dr Jean-François Lartigau. Congrès de rythmologie à Marseille le 10/12 : "
          "consultations de l'après-midi reportées.</p>"), m=[
    ("person_name", "DUFOURCQ"),
    ("person_name", "Jean-Michel"),
    ("birth_date", "18/02/1946"),
    ("address", "3 allée des Chênes 40230 Saint-Vincent-de-Tyrosse"),
    ("phone", "05 58 77 12 40"),
    ("person_name", "LE ROY DE KERANFLEC'H"),
    ("person_name", "Armelle"),
    ("birth_date", "06/07/1956"),
    ("address", "Manoir de Kerlivio 29120 Pont-l'Abbé"),
    ("phone", "06 71 20 44 85"),
    ("person_name", "AÏT-OUARAB"),
    ("person_name", "Zohra"),
    ("birth_date", "23/04/1968"),
    ("address", "Résidence Les Pins, bât. C 40100 Dax"),
    ("phone", "07 60 33 18 29"),
    ("person_name", "Jean-François Lartigau"),
    ("address", "Marseille", "trap"),
    ("birth_date", "07/12/2026", "trap"),
]),

D("041_html_facturation_hdj", "software", "html", table_html(
    "État de facturation — hôpital de jour — novembre 2026",
    ["N° facture", "Assuré", "Bénéficiaire", "N° séjour", "Montant"],
    [
        [BAD41.replace(" ", ""), N41A_IRR, "PAOLI Antoine", "2611-0417", "412,30 €"],
        [bad_nir("2 87 01 40 192 119", ""), N41B.replace(" ", "."), "LAGOURGUE Émilie", "2611-0452", "96,00 €"],
    ],
    before=f"<p>Établissement FINESS {F41} — régie des recettes.</p>",
    after="<p>Édité par Joëlle Capdeville, service facturation.</p>"), m=[
    ("nir", N41A_IRR),
    ("person_name", "PAOLI Antoine"),
    ("ipp", "2611-0417", "stay"),
    ("nir", N41B.replace(" ", ".")),
    ("person_name", "LAGOURGUE Émilie"),
    ("ipp", "2611-0452", "stay"),
    ("finess", F41),
    ("person_name", "Joëlle Capdeville"),
    ("nir", BAD41.replace(" ", ""), "trap"),
    ("nir", bad_nir("2 87 01 40 192 119", ""), "trap"),
]),
]
