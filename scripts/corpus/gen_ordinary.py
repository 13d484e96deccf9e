#!/usr/bin/env python3
"""Generates corpus/ordinary/: ordinary mail that care structures send outside MSSanté.

An EHPAD, an IME, an ESAT, a SSIAD, a SAAD, a CMP and a hospital write to suppliers, the
accountant, the town hall, builders, families, partners, newsletter readers and auditors:
purchase orders, invoices, payroll items, maintenance requests, families' events, activity
reports with anonymous figures, newsletters, meeting invitations (.ics), contact cards (.vcf),
job postings, staff training, suppliers' quotes. None of them holds health data about a person
cared for, except the few traps the labels mark (verdict other than "pass").

Every person, structure, address and identifier is invented; FINESS and SIRET carry a valid Luhn
key, the IBANs a valid RIB key and mod-97 check (shared/FORMATS.md §1.6, §1.7, §1.10).

Deterministic: a seeded RNG, fixed dates, boundaries and Message-IDs; the PDFs are drawn by
reportlab with `invariant=1`; the PNGs are written with zlib/struct. Running it again gives the
same bytes.

Writes NNN_kind.eml and labels.toml (the labels, written by hand in the templates below: what is
right, not what a tool outputs).

Usage: /tmp/venv-ord/bin/python scripts/corpus/gen_ordinary.py [OUTPUT_DIR]
       (default corpus/ordinary; needs reportlab: python3 -m venv /tmp/venv-ord &&
       /tmp/venv-ord/bin/pip install reportlab)
"""

import base64
import io
import os
import random
import struct
import sys
import textwrap
import zlib
from email import charset as email_charset
from email import encoders
from email.generator import BytesGenerator
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, format_datetime
import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "corpus", "ordinary")

RNG = random.Random(20261207)

# ─── identifiers with valid keys ─────────────────────────────────────────────────────────────


def luhn_ok(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        n = int(c)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        t += n
    return t % 10 == 0


def luhn_complete(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise ValueError(body)


def rib_iban(bank, guichet, account):
    """A French IBAN from bank (5), guichet (5) and an 11-digit account: RIB key, then mod 97."""
    key = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97)
    bban = f"{bank}{guichet}{account}{key:02d}"
    num = int(bban + "1527" + "00")  # F=15 R=27
    check = 98 - num % 97
    iban = f"FR{check:02d}{bban}"
    assert int(iban[4:] + "1527" + iban[2:4]) % 97 == 1
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def siret(siren8, nic4):
    siren = luhn_complete(siren8)
    body = siren + nic4
    s = luhn_complete(body)
    assert luhn_ok(siren) and luhn_ok(s)
    return s


def fmt_siret(s):
    return f"{s[0:3]} {s[3:6]} {s[6:9]} {s[9:14]}"


# ─── the sender structures ───────────────────────────────────────────────────────────────────


def structure(**kw):
    kw["finess"] = luhn_complete(kw["finess8"])
    kw["siret"] = siret(kw["siren8"], kw["nic"])
    kw["iban"] = rib_iban(*kw["rib"])
    return kw


STRUCTS = [
    structure(
        key="tilleuls", type="EHPAD", name="EHPAD Résidence des Tilleuls",
        short="Résidence des Tilleuls", street="3 avenue de la Gare", cp="40100", city="Dax",
        phone="05 58 74 21 30", fax="05 58 74 21 39", domain="ehpad-tilleuls.fr",
        web="www.ehpad-tilleuls.fr", finess8="40001234", siren8="26400312", nic="0001",
        rib=("15589", "33700", "04518200731"), color=(46, 125, 50),
        staff=[
            ("Claire", "Martin", "directrice", "direction"),
            ("Sandrine", "Lafitte", "responsable des ressources humaines", "rh"),
            ("Patrick", "Dubos", "comptable", "comptabilite"),
            ("Hélène", "Castaing", "cadre de santé", "cadre.sante"),
            ("Dr Jean-Marc", "Labat", "médecin coordonnateur", "medecin.co"),
            ("Nadia", "Benali", "agent d'accueil", "accueil"),
            ("Thierry", "Lamarque", "responsable technique", "technique"),
            ("Julie", "Dufau", "animatrice", "animation"),
        ],
    ),
    structure(
        key="pins", type="IME", name="IME Les Pins", short="IME Les Pins",
        street="12 chemin des Pins", cp="40990", city="Saint-Paul-lès-Dax",
        phone="05 58 91 44 10", fax=None, domain="ime-lespins.fr", web="www.ime-lespins.fr",
        finess8="40002456", siren8="77561238", nic="0024",
        rib=("10278", "02250", "00020183401"), color=(21, 101, 192),
        staff=[
            ("Olivier", "Darrigade", "directeur", "direction"),
            ("Marion", "Pouyanne", "secrétaire de direction", "secretariat"),
            ("Karim", "Haddad", "chef de service éducatif", "chef.service"),
            ("Julie", "Marchand", "éducatrice spécialisée", "j.marchand"),
            ("Anne", "Lesbats", "comptable", "compta"),
            ("Francis", "Ducourau", "agent d'entretien", "entretien"),
        ],
    ),
    structure(
        key="adour", type="ESAT", name="ESAT Les Ateliers de l'Adour",
        short="Ateliers de l'Adour", street="ZA de Peyrouat, 7 rue des Artisans", cp="40000",
        city="Mont-de-Marsan", phone="05 58 06 33 80", fax=None, domain="esat-adour.fr",
        web="www.esat-adour.fr", finess8="40003318", siren8="41298755", nic="0017",
        rib=("13335", "00301", "08812455002"), color=(230, 81, 0),
        staff=[
            ("Bernard", "Lalanne", "directeur", "direction"),
            ("Sophie", "Destenave", "responsable commerciale", "commercial"),
            ("Mathieu", "Bordes", "moniteur d'atelier espaces verts", "espaces.verts"),
            ("Christine", "Labarthe", "comptable", "compta"),
            ("Élodie", "Saint-Martin", "responsable des ressources humaines", "rh"),
        ],
    ),
    structure(
        key="val", type="SSIAD", name="SSIAD du Val", short="SSIAD du Val",
        street="5 place de la Mairie", cp="40180", city="Narrosse", phone="05 58 56 12 70",
        fax=None, domain="ssiad-duval.fr", web=None, finess8="40004072", siren8="31845027",
        nic="0031", rib=("12506", "40050", "56100428911"), color=(0, 121, 107),
        staff=[
            ("Isabelle", "Dupouy", "infirmière coordinatrice", "coordination"),
            ("Laurent", "Cazenave", "président de l'association gestionnaire", "president"),
            ("Véronique", "Larrieu", "secrétaire", "secretariat"),
            ("Cédric", "Tauzin", "responsable administratif et financier", "raf"),
        ],
    ),
    structure(
        key="rochers", type="SAAD", name="SAAD Les Rochers", short="Les Rochers",
        street="8 chemin des Rochers", cp="40100", city="Dax", phone="05 58 90 18 18",
        fax=None, domain="saad-lesrochers.fr", web="www.saad-lesrochers.fr",
        finess8="40005190", siren8="52244718", nic="0019",
        rib=("16906", "00010", "87123654013"), color=(123, 31, 162),
        staff=[
            ("Nathalie", "Barrère", "responsable de secteur", "secteur"),
            ("Pascal", "Lacoste", "gérant", "gerance"),
            ("Amandine", "Daugreilh", "assistante de planning", "planning.rh"),
            ("Sylvie", "Porte", "comptable", "compta"),
        ],
    ),
    structure(
        key="sablar", type="CMP", name="CMP du Sablar", short="CMP du Sablar",
        street="21 rue du Sablar", cp="40100", city="Dax", phone="05 58 91 47 00", fax=None,
        domain="ch-cotelandes.fr", web="www.ch-cotelandes.fr", finess8="40006628",
        siren8="26400050", nic="0089", rib=("30001", "00806", "00000046127"),
        color=(69, 90, 100), parent="Centre hospitalier de la Côte Landes",
        staff=[
            ("Catherine", "Lannes", "cadre de santé", "cmp.cadre"),
            ("Dr Philippe", "Sarrade", "psychiatre, chef de pôle", "p.sarrade"),
            ("Myriam", "Ducasse", "secrétaire médicale", "cmp.secretariat"),
            ("Fabrice", "Hourcade", "agent administratif", "cmp.accueil"),
        ],
    ),
    structure(
        key="cotelandes", type="CH", name="Centre hospitalier de la Côte Landes",
        short="CH Côte Landes", street="2 boulevard Yves du Manoir", cp="40100", city="Dax",
        phone="05 58 91 48 48", fax=None, domain="ch-cotelandes.fr",
        web="www.ch-cotelandes.fr", finess8="40000030", siren8="26400050", nic="0014",
        rib=("30001", "00806", "00000046127"), color=(13, 71, 161),
        staff=[
            ("Agnès", "Dufourcq", "directrice des achats et de la logistique", "achats"),
            ("Frédéric", "Bats", "directeur des ressources humaines", "drh"),
            ("Laetitia", "Brethes", "chargée de communication", "communication"),
            ("Serge", "Dupérier", "ingénieur des services techniques", "technique"),
            ("Corinne", "Labadie", "responsable de la formation continue", "formation"),
            ("Marie", "Gaüzère", "attachée d'administration, affaires financières", "finances"),
        ],
    ),
    structure(
        key="stmichel", type="EHPAD", name="EHPAD Saint-Michel", short="Saint-Michel",
        street="14 rue Saint-Michel", cp="40100", city="Dax", phone="05 58 74 60 00",
        fax=None, domain="ehpad-saintmichel.fr", web="www.ehpad-saintmichel.fr",
        finess8="40999997", siren8="77912345", nic="0023",
        rib=("11306", "00040", "47102233106"), color=(173, 20, 87),
        staff=[
            ("Valérie", "Dargelos", "directrice", "direction"),
            ("Stéphanie", "Lartigau", "infirmière coordinatrice", "ide.co"),
            ("Dr Anne", "Cassagne", "médecin coordonnateur", "medco"),
            ("Jérôme", "Ducos", "responsable hôtelier", "hotellerie"),
            ("Aurélie", "Mora", "secrétaire de direction", "secretariat"),
            ("Gilles", "Pédebas", "comptable", "compta"),
        ],
    ),
]
SBY = {s["key"]: s for s in STRUCTS}


def staff_name(st):
    return f"{st[0]} {st[1]}"


def plain_name(st):
    """The staff member's name without the title (for labels and CSV)."""
    return staff_name(st).replace("Dr ", "")


def staff_addr(s, st):
    return f"{st[3]}@{s['domain']}"


# Employees (not in signatures) for payroll, schedules, training lists.
FIRST_F = ["Laure", "Coralie", "Marine", "Sabrina", "Audrey", "Émilie", "Céline", "Manon",
           "Lucie", "Morgane", "Priscilla", "Samia", "Fatima", "Carole", "Delphine", "Maïté"]
FIRST_M = ["Kevin", "Romain", "Yannick", "Damien", "Julien", "Mickaël", "Sébastien", "Arnaud",
           "Rachid", "Xavier", "Ludovic", "Guillaume"]
LAST = ["Larrouy", "Daubas", "Capdeville", "Lagardère", "Dupin", "Pémartin", "Lafargue",
        "Soulé", "Lataste", "Garrabos", "Hiribarren", "Lasserre", "Darracq", "Tastet",
        "Bergez", "Camblong", "Laborde", "Sallenave", "Dulucq", "Pomarède", "Nogaro", "Ferrer",
        "Idiart", "Etcheverry"]
JOBS = {
    "EHPAD": ["aide-soignante", "agent de service hospitalier", "infirmière", "aide médico-psychologique",
              "veilleuse de nuit", "cuisinier", "lingère"],
    "IME": ["éducatrice spécialisée", "moniteur-éducateur", "AES", "surveillant de nuit",
            "agent de service"],
    "ESAT": ["moniteur d'atelier", "agent administratif", "chauffeur-livreur"],
    "SSIAD": ["aide-soignante", "infirmière"],
    "SAAD": ["auxiliaire de vie", "aide à domicile", "assistante de vie"],
    "CMP": ["infirmier", "secrétaire", "agent administratif"],
    "CH": ["technicien biomédical", "agent logistique", "gestionnaire paie"],
}


def employees(n, s):
    out = []
    used = set()
    while len(out) < n:
        fem = RNG.random() < 0.7
        f = RNG.choice(FIRST_F if fem else FIRST_M)
        l = RNG.choice(LAST)
        if (f, l) in used or l in [x[1] for x in s["staff"]]:
            continue
        used.add((f, l))
        out.append((f, l, RNG.choice(JOBS[s["type"]])))
    return out


# ─── external correspondents (outside MSSanté unless said) ───────────────────────────────────

EXT = {
    "hygiene": ("Service commandes", "commandes@hygiene-sudouest.fr", "Hygiène Sud-Ouest",
                "ZI de Cantegrit, 40110 Morcenx"),
    "primeurs": ("Jean-Luc Dubroca", "contact@primeurs-landais.fr", "Primeurs Landais",
                 "Marché d'intérêt régional, 40280 Saint-Pierre-du-Mont"),
    "medicalog": ("Service clients", "clients@medicalog-distribution.fr", "MedicaLog Distribution",
                  "45 avenue de l'Europe, 33700 Mérignac"),
    "bureau": ("Caroline Vidal", "c.vidal@bureau-plus-landes.fr", "Bureau Plus Landes",
               "12 rue Gambetta, 40100 Dax"),
    "linge": ("Service facturation", "facturation@blanchisserie-adour.fr", "Blanchisserie de l'Adour",
              "route de Bayonne, 40990 Saint-Paul-lès-Dax"),
    "comptable": ("Éric Lacoste", "e.lacoste@lacoste-associes-expertise.fr",
                  "Cabinet Lacoste & Associés, expertise comptable", "9 cours Foch, 40100 Dax"),
    "paie": ("Service paie", "paie@lacoste-associes-expertise.fr",
             "Cabinet Lacoste & Associés, expertise comptable", "9 cours Foch, 40100 Dax"),
    "mairie": ("Services techniques", "services.techniques@mairie-dax-exemple.fr", "Mairie de Dax",
               "place Thiers, 40100 Dax"),
    "mairie_cab": ("Cabinet du maire", "cabinet.maire@mairie-dax-exemple.fr", "Mairie de Dax",
                   "place Thiers, 40100 Dax"),
    "ccas_conseil": ("Conseil municipal", "conseil.municipal@mairie-narrosse-exemple.fr",
                     "Mairie de Narrosse", "1 place de la Mairie, 40180 Narrosse"),
    "mairie_spl": ("Secrétariat général", "secretariat@mairie-stpaul-exemple.fr",
                   "Mairie de Saint-Paul-lès-Dax", "avenue de la Résistance, 40990 Saint-Paul-lès-Dax"),
    "mairie_mdm": ("Direction de l'action sociale", "action.sociale@montdemarsan-exemple.fr",
                   "Mairie de Mont-de-Marsan", "2 place du Général Leclerc, 40000 Mont-de-Marsan"),
    "batilandes": ("Didier Lafourcade", "d.lafourcade@bati-landes.fr", "SARL Bati-Landes",
                   "lieu-dit Pouy, 40180 Narrosse"),
    "ascenseurs": ("Service maintenance", "maintenance@ascenseurs-duval.fr", "Ascenseurs Duval",
                   "3 rue de l'Industrie, 64100 Bayonne"),
    "chauffage": ("Franck Laborie", "f.laborie@thermique-adour.fr", "Thermique Adour",
                  "17 avenue du Sablar, 40100 Dax"),
    "electricite": ("Bureau d'études", "be@elec-landes-services.fr", "Élec Landes Services",
                    "ZA Mestade, 40990 Saint-Paul-lès-Dax"),
    "auditeur": ("Nicole Dartiguelongue", "n.dartiguelongue@audit-qualite-sud.fr",
                 "Audit Qualité Sud, organisme d'évaluation", "54 quai de Bacalan, 33300 Bordeaux"),
    "cac": ("Vincent Laffitte", "v.laffitte@cac-gascogne.fr", "Cabinet Gascogne Audit, commissaire aux comptes",
            "6 allées Marines, 64100 Bayonne"),
    "formasoins": ("Pôle inscriptions", "inscriptions@formasoins-aquitaine.fr", "Formasoins Aquitaine",
                   "28 rue Sainte-Catherine, 33000 Bordeaux"),
    "incendie": ("Aurélien Peyrot", "a.peyrot@securite-incendie-40.fr", "Sécurité Incendie 40",
                 "ZI Nord, 40000 Mont-de-Marsan"),
    "francetravail": ("Agence de Dax", "entreprise.dax@francetravail-exemple.fr", "France Travail Dax",
                      "rue des Fusillés, 40100 Dax"),
    "ifsi": ("Secrétariat pédagogique", "secretariat@ifsi-dax-exemple.fr", "IFSI de Dax",
             "boulevard Yves du Manoir, 40100 Dax"),
    "indeed": ("Annonces", "annonces@emploi-medicosocial-exemple.fr", "Emploi Médico-Social",
               "en ligne"),
    "ecole": ("Mme Laurence Tachoires", "ce.0400123a@ac-bordeaux-exemple.fr", "École élémentaire du Sablar",
              "rue du Sablar, 40100 Dax"),
    "mediatheque": ("Pascale Sentex", "p.sentex@mediatheque-dax-exemple.fr", "Médiathèque de Dax",
                    "rue du Palais, 40100 Dax"),
    "musique": ("Hervé Lamothe", "h.lamothe@ecole-musique-dax-exemple.fr", "École de musique de Dax",
                "11 rue Neuve, 40100 Dax"),
    "amis": ("Association Les Amis des Tilleuls", "amis.tilleuls@laposte.net",
             "Association Les Amis des Tilleuls", "3 avenue de la Gare, 40100 Dax"),
    "benevoles": ("Bénévoles", "benevoles@association-exemple.fr", "Association Exemple", ""),
    "club": ("Club de rugby", "contact@us-dax-jeunes-exemple.fr", "US Dax, école de rugby",
             "stade Maurice Boyau, 40100 Dax"),
    "entreprise": ("Service achats", "achats@landes-emballages.fr", "Landes Emballages SAS",
                   "ZI d'Actiparc, 40990 Saint-Paul-lès-Dax"),
    "copro": ("Syndic Adour Gestion", "syndic@adour-gestion-exemple.fr", "Adour Gestion",
              "4 place Roger Ducos, 40100 Dax"),
    "camping": ("Direction", "direction@camping-les-chenes-exemple.fr", "Camping Les Chênes",
                "allée du Bois de Boulogne, 40100 Dax"),
    "journal": ("Rédaction", "redaction.dax@sudouest-exemple.fr", "Sud Ouest, agence de Dax",
                "rue Saint-Vincent, 40100 Dax"),
    "assureur": ("Gestion des contrats", "contrats@mutuelle-assurance-exemple.fr",
                 "Mutuelle d'assurance des associations", "12 rue de Turenne, 33000 Bordeaux"),
    "banque": ("Conseiller professionnel", "pro.dax@banque-exemple.fr", "Banque Exemple, agence de Dax",
               "cours de Verdun, 40100 Dax"),
    "traiteur": ("Sébastien Lafon", "s.lafon@traiteur-chalosse.fr", "Traiteur de Chalosse",
                 "route d'Hagetmau, 40250 Mugron"),
    "fleuriste": ("Contact", "contact@fleurs-du-marche-dax.fr", "Les Fleurs du Marché",
                  "place Camille Bouvet, 40100 Dax"),
    "imprimeur": ("Studio", "studio@imprimerie-adour-exemple.fr", "Imprimerie de l'Adour",
                  "23 avenue Saint-Vincent-de-Paul, 40100 Dax"),
}
FAMILIES = ["famille.dupuis@gmail.com", "m.lebrun40@orange.fr", "sylvie.hardy@free.fr",
            "jp.castets@gmail.com", "brigitte.lamaison@wanadoo.fr", "n.darrieutort@hotmail.fr",
            "alain.pujo@laposte.net", "cathy.seguin@gmail.com"]
READERS = ["lettre-info@liste.ehpad-tilleuls.fr", "abonnes@liste.ime-lespins.fr",
           "newsletter@liste.ch-cotelandes.fr", "infos@liste.saad-lesrochers.fr"]
# Directory mailboxes (corpus/directory): MSSanté, roles from there.
DIR_GP = "Dr.Roux@Cabinet-Roux.MSSante.fr"
DIR_DAC = "coordination@dac-exemple.mssante.fr"
DIR_APA = "equipe.apa@departement-exemple.mssante.fr"
DIR_CCAS = "ass.sociale@ccas-exemple.mssante.fr"
DIR_HOSP = "secretariat.medical@ch-exemple.mssante.fr"


# ─── images ──────────────────────────────────────────────────────────────────────────────────


def png(width, height, pixel):
    """An RGB PNG whose pixel (x, y) is pixel(x, y) -> (r, g, b)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def logo_png(s, width=120, height=40):
    """The structure's logo: a coloured leaf-like disc and bands, no text."""
    r, g, b = s["color"]
    cx, cy, rad = height // 2, height // 2, height // 2 - 4

    def px(x, y):
        if (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad:
            return (r, g, b) if (x + y) % 7 else (255, 255, 255)
        if x > height + 4 and 10 <= y <= 16:
            return (r, g, b)
        if x > height + 4 and 22 <= y <= 26 and x < width - 20:
            return (min(255, r + 90), min(255, g + 90), min(255, b + 90))
        return (255, 255, 255)

    return png(width, height, px)


PIXEL_PNG = png(1, 1, lambda x, y: (255, 255, 255))
# A transparent 1x1 GIF, the classic tracking pixel.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def icon_png(s):
    r, g, b = s["color"]
    return png(16, 16, lambda x, y: (r, g, b) if 3 <= x <= 12 and 3 <= y <= 12 else (255, 255, 255))


# ─── PDFs (reportlab, invariant) ─────────────────────────────────────────────────────────────


def pdf(title, s, blocks, table=None, footer=None):
    """A one- or two-page document with the structure's letterhead."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    c.setTitle(title)
    c.setAuthor(s["name"])
    w, h = A4
    y = h - 50

    def line(text, size=10, bold=False, x=50):
        nonlocal y
        if y < 70:
            c.showPage()
            y = h - 50
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(x, y, text)
        y -= size + 5

    line(s["name"], 13, True)
    line(f"{s['street']} - {s['cp']} {s['city']}", 9)
    line(f"Tél. {s['phone']} - FINESS {s['finess']} - SIRET {fmt_siret(s['siret'])}", 9)
    y -= 10
    line(title, 14, True)
    y -= 4
    for b in blocks:
        line(b)
    if table:
        y -= 6
        for i, row in enumerate(table):
            xs = [50, 110, 330, 390, 470]
            if y < 70:
                c.showPage()
                y = h - 50
            c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 9)
            for x, cell in zip(xs, row):
                c.drawString(x, y, str(cell))
            y -= 14
        y -= 6
    for f in footer or []:
        line(f, 9)
    c.showPage()
    c.save()
    return buf.getvalue()


# ─── iCalendar and vCard (RFC 5545 / RFC 6350 folding and escapes) ────────────────────────────


def fold(line):
    """Fold at 75 octets without cutting a UTF-8 sequence; continuation lines start with a space."""
    data = line.encode("utf-8")
    out = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
        limit = 74
    out.append(data)
    return b"\r\n ".join(out).decode("utf-8")


def esc(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(uid, summary, start, end, location, description, organizer, attendees, method="REQUEST"):
    """organizer/attendees: (name, address)."""
    stamp = start - datetime.timedelta(days=9)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN" if RNG.random() < 0.5
        else "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
        "VERSION:2.0",
        f"METHOD:{method}",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Paris:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{esc(summary)}",
        f"LOCATION:{esc(location)}",
        f"DESCRIPTION:{esc(description)}",
        f'ORGANIZER;CN="{organizer[0]}":mailto:{organizer[1]}',
    ]
    for name, addr in attendees:
        lines.append(
            f'ATTENDEE;CN="{name}";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{addr}'
        )
    lines += ["STATUS:CONFIRMED", "SEQUENCE:0", "TRANSP:OPAQUE", "BEGIN:VALARM",
              "ACTION:DISPLAY", "DESCRIPTION:Rappel", "TRIGGER:-PT15M", "END:VALARM",
              "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(l) + "\r\n" for l in lines)


def vcard(version, first, last, org, unit, title, s, tel, mobile, email, note=None, url=None):
    street = s["street"]
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "3.0":
        lines.append("PRODID:-//Apple Inc.//iPhone OS 17.5//EN" if RNG.random() < 0.5
                     else "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    lines += [
        f"N:{esc(last)};{esc(first)};;;",
        f"FN:{esc(first + ' ' + last)}",
        f"ORG:{esc(org)};{esc(unit)}" if unit else f"ORG:{esc(org)}",
        f"TITLE:{esc(title)}",
    ]
    if version == "3.0":
        lines += [
            f"TEL;TYPE=WORK,VOICE:{tel}",
            f"EMAIL;TYPE=INTERNET,WORK:{email}",
            f"ADR;TYPE=WORK:;;{esc(street)};{esc(s['city'])};;{s['cp']};France",
        ]
        if mobile:
            lines.append(f"TEL;TYPE=CELL:{mobile}")
    else:
        lines += [
            f'TEL;TYPE="work,voice";VALUE=uri:tel:+33-{tel[1:].replace(" ", "-")}',
            f"EMAIL;TYPE=work:{email}",
            f'ADR;TYPE=work;LABEL="{street}\\n{s["cp"]} {s["city"]}":;;{esc(street)};{esc(s["city"])};;{s["cp"]};France',
        ]
        if mobile:
            lines.append(f'TEL;TYPE=cell;VALUE=uri:tel:+33-{mobile[1:].replace(" ", "-")}')
    if url:
        lines.append(f"URL:https://{url}")
    if note:
        lines.append(f"NOTE:{esc(note)}")
    if version == "4.0":
        lines.append("REV:20260301T090000Z")
    lines.append("END:VCARD")
    return "".join(fold(l) + "\r\n" for l in lines)


# ─── signatures ──────────────────────────────────────────────────────────────────────────────


def signature(s, st, variant):
    """Lines of the signature block, and the structure strings a label may quote."""
    lines = [staff_name(st), st[2][0].upper() + st[2][1:], s["name"]]
    ident = [s["name"]]
    if s.get("parent"):
        lines.append(s["parent"])
        ident.append(s["parent"])
    lines += [s["street"], f"{s['cp']} {s['city']}"]
    ident.append(s["street"])
    tel = f"Standard : {s['phone']}" if variant % 2 == 0 else f"Tél. {s['phone']}"
    if s.get("fax") and variant % 3 == 0:
        tel += f" - Fax : {s['fax']}"
    lines.append(tel)
    ident.append(s["phone"])
    if variant % 3 == 1:
        lines.append(f"FINESS : {s['finess']}")
        ident.append(s["finess"])
    if s.get("web") and variant % 2 == 1:
        lines.append(s["web"])
        ident.append(s["web"])
    return lines, ident


# ─── bodies as the usual clients shape them ──────────────────────────────────────────────────


def h(t):
    return (t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def text_table(table):
    widths = [max(len(str(r[i])) for r in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in table)


def plain_body(m, sig, style):
    out = []
    for p in m["paras"]:
        out.append(p)
        if p == m.get("table_after") and m.get("table"):
            out.append(text_table(m["table"]))
    if m.get("table") and m.get("table_after") is None:
        out.append(text_table(m["table"]))
    body = "\n\n".join(out)
    delim = "-- \n" if style in ("thunderbird", "gmail", "roundcube", "plain") else ""
    return body + "\n\n" + delim + "\n".join(sig) + "\n"


def html_table(table, style):
    if style == "outlook":
        rows = []
        for i, r in enumerate(table):
            cells = "".join(
                f"<td style='border:solid #BFBFBF 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                f"<p class=MsoNormal>{'<b>' if i == 0 else ''}{h(str(c))}{'</b>' if i == 0 else ''}"
                f"<o:p></o:p></p></td>" for c in r)
            rows.append(f"<tr>{cells}</tr>")
        return ("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
                "style='border-collapse:collapse;border:none'>" + "".join(rows) + "</table>")
    rows = []
    for i, r in enumerate(table):
        tag = "th" if i == 0 else "td"
        rows.append("<tr>" + "".join(f"<{tag}>{h(str(c))}</{tag}>" for c in r) + "</tr>")
    return '<table border="1" cellpadding="4" cellspacing="0">' + "".join(rows) + "</table>"


def html_body(m, sig, style, logo_cid, pixel, data_img):
    paras = []
    for p in m["paras"]:
        paras.append(p)
    tbl = html_table(m["table"], style) if m.get("table") else ""
    after = m.get("table_after")
    s = m["s"]
    color = "#%02X%02X%02X" % s["color"]
    img = ""
    if logo_cid:
        img = logo_cid
    extra = ""
    if pixel:
        extra = pixel
    if style == "outlook":
        body = []
        for p in paras:
            for l in p.split("\n"):
                body.append(f"<p class=MsoNormal>{h(l) if l else '&nbsp;'}<o:p></o:p></p>")
            body.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
            if p == after and tbl:
                body.append(tbl)
        if tbl and after is None:
            body.append(tbl)
        sg = [f"<p class=MsoNormal><b><span style='font-size:10.0pt;color:{color}'>{h(sig[0])}</span></b><o:p></o:p></p>"]
        for l in sig[1:]:
            sg.append(f"<p class=MsoNormal><span style='font-size:9.0pt;color:#595959'>{h(l)}</span><o:p></o:p></p>")
        if img:
            sg.append(f"<p class=MsoNormal><img width=120 height=40 style='width:1.25in;height:.4166in' "
                      f"id=\"Image_x0020_1\" src=\"{img}\" alt=\"Logo {h(s['short'])}\"><o:p></o:p></p>")
        if data_img:
            sg.append(f"<p class=MsoNormal><img width=16 height=16 src=\"{data_img}\"><o:p></o:p></p>")
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
            'xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; '
            'charset=windows-1252"><meta name=Generator content="Microsoft Word 15 (filtered medium)">'
            "<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:Calibri;}\n"
            "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\t"
            "font-family:\"Calibri\",sans-serif;\n\tmso-fareast-language:EN-US;}\n"
            "span.EmailStyle17\n\t{mso-style-type:personal-compose;}\n"
            "@page WordSection1\n\t{size:612.0pt 792.0pt;margin:70.85pt 70.85pt 70.85pt 70.85pt;}\n"
            "div.WordSection1\n\t{page:WordSection1;}\n--></style></head>"
            "<body lang=FR link=\"#0563C1\" vlink=\"#954F72\" style='word-wrap:break-word'>"
            "<div class=WordSection1>\n" + "\n".join(body) + "\n" + "\n".join(sg) + extra
            + "\n</div></body></html>\n"
        )
    if style == "thunderbird":
        body = "".join(f"<p>{'<br>'.join(h(l) for l in p.split(chr(10)))}</p>\n"
                       + (tbl + "\n" if p == after and tbl else "") for p in paras)
        if tbl and after is None:
            body += tbl + "\n"
        sg = "<br>\n".join(h(l) for l in sig)
        if img:
            sg += f'<br>\n<img moz-do-not-send="false" src="{img}" alt="{h(s["short"])}" width="120" height="40">'
        if data_img:
            sg += f'<br>\n<img src="{data_img}" alt="" width="16" height="16">'
        return (
            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv=\"content-type\" content=\"text/html; charset=UTF-8\">\n"
            "  </head>\n  <body>\n" + body + '    <div class="moz-signature">-- <br>\n' + sg
            + "\n    </div>\n" + extra + "  </body>\n</html>\n"
        )
    if style == "gmail":
        body = "".join(f"<div>{'<br>'.join(h(l) for l in p.split(chr(10)))}</div><div><br></div>"
                       + (tbl if p == after and tbl else "") for p in paras)
        if tbl and after is None:
            body += tbl
        sg = "".join(f"<div>{'<b>' if i == 0 else ''}{h(l)}{'</b>' if i == 0 else ''}</div>"
                     for i, l in enumerate(sig))
        if img:
            sg += f'<div><img src="{img}" alt="{h(s["short"])}" width="120" height="40"><br></div>'
        if data_img:
            sg += f'<div><img src="{data_img}" width="16" height="16"></div>'
        return (
            '<div dir="ltr">' + body + '<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>'
            '<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">'
            + sg + "</div></div></div>" + extra + "\n"
        )
    if style == "apple":
        body = "".join(f"<div>{'<br>'.join(h(l) for l in p.split(chr(10)))}</div><div><br></div>"
                       + (tbl if p == after and tbl else "") for p in paras)
        if tbl and after is None:
            body += tbl
        sg = "<br>".join(h(l) for l in sig)
        if img:
            sg += f'<br><img apple-inline="yes" id="{img[4:12]}" src="{img}" alt="{h(s["short"])}">'
        if data_img:
            sg += f'<br><img src="{data_img}">'
        return (
            '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
            + body + '<div>\n<div dir="auto" style="caret-color: rgb(0, 0, 0); color: rgb(0, 0, 0); '
            'letter-spacing: normal; text-align: start; text-indent: 0px; text-transform: none; '
            'white-space: normal; word-spacing: 0px; -webkit-text-stroke-width: 0px; text-decoration: none;">'
            + sg + "</div>\n</div>\n" + extra + "<br></body></html>\n"
        )
    # roundcube
    body = "".join(f"<p>{'<br />'.join(h(l) for l in p.split(chr(10)))}</p>\n"
                   + (tbl + "\n" if p == after and tbl else "") for p in paras)
    if tbl and after is None:
        body += tbl + "\n"
    sg = "<br />".join(h(l) for l in sig)
    if img:
        sg += f'<br /><img src="{img}" alt="" width="120" height="40" />'
    if data_img:
        sg += f'<br /><img src="{data_img}" alt="" />'
    return (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" /></head>"
        "<body style='font-size: 10pt; font-family: Verdana,Geneva,sans-serif'>\n" + body
        + '<div id="signature"><div class="pre" style="margin: 0; padding: 0; font-family: monospace">-- <br />'
        + sg + "</div></div>\n" + extra + "</body></html>\n"
    )


# ─── MIME assembly ───────────────────────────────────────────────────────────────────────────

CP1252 = email_charset.Charset("windows-1252")
CP1252.body_encoding = email_charset.QP
CP1252.header_encoding = email_charset.QP
UTF8_B64 = email_charset.Charset("utf-8")
UTF8_B64.body_encoding = email_charset.BASE64
UTF8_QP = email_charset.Charset("utf-8")
UTF8_QP.body_encoding = email_charset.QP

CHARSETS = {"outlook": CP1252, "thunderbird": UTF8_B64, "gmail": UTF8_QP, "apple": UTF8_QP,
            "roundcube": UTF8_B64}
MAILERS = {
    "outlook": ("X-Mailer", "Microsoft Outlook 16.0"),
    "thunderbird": ("User-Agent", "Mozilla Thunderbird"),
    "gmail": (None, None),
    "apple": ("X-Mailer", "Apple Mail (2.3776.700.51)"),
    "roundcube": ("User-Agent", "Roundcube Webmail/1.6.9"),
    "plain": ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"),
}


class Boundaries:
    def __init__(self, n, style):
        self.n, self.style, self.k = n, style, 0

    def __call__(self):
        self.k += 1
        n, k = self.n, self.k
        if self.style == "outlook":
            return f"_{k:03d}_PR3P195MB{n:04d}EURP_"
        if self.style == "gmail":
            return f"0000000000{n:04x}{k:02x}063f2b1a8c7d"
        if self.style == "apple":
            return f"Apple-Mail=_{n:04d}A{k:03d}-3C2F-4E1B-9D57-0A6B8E2C{k:04d}"
        if self.style == "roundcube":
            return f"=_{n:04x}{k:02x}c1e9a7f3b2d40c5e8f61a9b3d7c2"
        return f"------------{n:04d}{k:02d}Z8q3Kx0vB7mPq2rL"


def text_part(text, subtype, cs):
    return MIMEText(text, subtype, cs)


def attach_part(a):
    name, maintype, subtype, data = a["name"], a["type"], a["subtype"], a["data"]
    if maintype == "text":
        cs = a.get("charset", "utf-8")
        part = MIMEBase("text", subtype, charset=cs, **a.get("params", {}))
        part.set_payload(data)
        encoders.encode_base64(part)
    else:
        part = MIMEBase(maintype, subtype, **a.get("params", {}))
        part.set_payload(data)
        encoders.encode_base64(part)
    if all(ord(c) < 128 for c in name):
        part.add_header("Content-Disposition", "attachment", filename=name)
        part.set_param("name", name)
    else:
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        part.set_param("name", ("utf-8", "", name))
    return part


def build(n, m):
    s, st, style = m["s"], m["sender"], m["style"]
    sig, ident = signature(s, st, m["sigvariant"])
    m["ident"] = ident
    bnd = Boundaries(n, style)
    if style == "plain":
        cs = CP1252 if n % 2 else UTF8_B64
        root = text_part(plain_body(m, sig, style), "plain", cs)
        if m.get("format_flowed"):
            root.set_param("format", "flowed")
        m["shape"] = f"text/plain ({'windows-1252 QP' if n % 2 else 'UTF-8 base64'})"
    else:
        cs = CHARSETS[style]
        images = []
        logo_src = pixel_html = data_img = None
        if m.get("logo"):
            if style == "outlook":
                cid = f"image001.png@01DC{n:04X}.5E3F{n:04X}"
                fname = "image001.png"
            elif style == "apple":
                cid = f"{n:08X}-7E1B-4C2D-9A3F-{n:012X}"
                fname = "logo.png"
            else:
                cid = f"part1.{n:08x}.{n * 7919:08x}@{s['domain']}"
                fname = f"logo-{s['key']}.png"
            logo_src = f"cid:{cid}"
            images.append((cid, fname, logo_png(s), "png"))
        if m.get("pixel") == "remote":
            pixel_html = (f'<img src="https://suivi.{s["domain"]}/o/{n:04d}a7f3.gif" width="1" height="1" '
                          f'alt="" style="display:none;border:0">')
        elif m.get("pixel") == "cid":
            pcid = f"px{n:04d}@{s['domain']}"
            pixel_html = f'<img src="cid:{pcid}" width="1" height="1" alt="">'
            images.append((pcid, "spacer.gif", PIXEL_GIF, "gif"))
        if m.get("data_img"):
            data_img = "data:image/png;base64," + base64.b64encode(icon_png(s)).decode()
        html = html_body(m, sig, style, logo_src, pixel_html, data_img)
        alt = MIMEMultipart("alternative", boundary=bnd())
        alt.attach(text_part(plain_body(m, sig, style), "plain", cs))
        htmlpart = text_part(html, "html", cs)

        def related(first):
            rel = MIMEMultipart("related", boundary=bnd())
            if style == "apple":
                rel.set_param("type", "text/html")
            rel.attach(first)
            for cid, fname, data, sub in images:
                img = MIMEImage(data, sub)
                img.add_header("Content-ID", f"<{cid}>")
                img.add_header("Content-Disposition", "inline", filename=fname)
                img.set_param("name", fname)
                rel.attach(img)
            return rel

        if images and style in ("thunderbird", "apple", "roundcube"):
            alt.attach(related(htmlpart))
            root = alt
        else:
            alt.attach(htmlpart)
            root = alt
        if m.get("ics_inline"):
            cal = MIMEText(m["ics_inline"], "calendar", UTF8_QP)
            cal.set_param("method", "REQUEST")
            alt.attach(cal)
        if images and style in ("outlook", "gmail"):
            root = related(alt)
            root.set_param("type", "multipart/alternative")
        enc = {"outlook": "windows-1252 QP", "thunderbird": "UTF-8 base64", "gmail": "UTF-8 QP",
               "apple": "UTF-8 QP", "roundcube": "UTF-8 base64"}[style]
        m["shape"] = f"{style} HTML ({enc})" + (", logo" if m.get("logo") else "") + \
            (f", pixel {m['pixel']}" if m.get("pixel") else "") + (", data: image" if m.get("data_img") else "") + \
            (", inline text/calendar" if m.get("ics_inline") else "")
    if m.get("attachments"):
        mixed = MIMEMultipart("mixed", boundary=bnd())
        mixed.attach(root)
        for a in m["attachments"]:
            mixed.attach(attach_part(a))
        root = mixed
        m["shape"] += " + " + ", ".join(a["name"].rsplit(".", 1)[-1].lower() for a in m["attachments"])
    frm = staff_addr(s, st) if not m.get("from_addr") else m["from_addr"]
    m["from"] = frm
    display = f"{staff_name(st)} - {s['short']}" if n % 3 else staff_name(st)
    root["From"] = formataddr((display, frm), charset="utf-8")
    root["To"] = ", ".join(formataddr((nm, ad), charset="utf-8") if nm else ad for nm, ad in m["to"])
    if m.get("cc"):
        root["Cc"] = ", ".join(formataddr((nm, ad), charset="utf-8") if nm else ad for nm, ad in m["cc"])
    subj = m["subject"]
    root["Subject"] = subj if all(ord(c) < 128 for c in subj) else Header(subj, "utf-8", header_name="Subject")
    root["Date"] = format_datetime(m["date"])
    root["Message-ID"] = f"<{m['date']:%Y%m%d%H%M%S}.{n:03d}.{style}@{s['domain']}>"
    hk, hv = MAILERS[style]
    if hk:
        root[hk] = hv
    root["Content-Language"] = "fr-FR"
    if m.get("declare_purpose"):
        root["X-Tamis-Purpose"] = m["purpose"]
    if "MIME-Version" not in root:
        root["MIME-Version"] = "1.0"
    # headers first: move the content headers after the envelope ones
    order = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "X-Mailer", "User-Agent",
             "Content-Language", "X-Tamis-Purpose", "MIME-Version"]
    env = [(k, v) for k, v in root.items() if k in order]
    content = [(k, v) for k, v in root.items() if k not in order]
    for k in list(root.keys()):
        del root[k]
    env.sort(key=lambda kv: order.index(kv[0]))
    for k, v in env + content:
        root[k] = v
    for part in root.walk():
        if part is not root:
            del part["MIME-Version"]
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, maxheaderlen=78).flatten(root)
    return buf.getvalue()


# ─── the messages ────────────────────────────────────────────────────────────────────────────

EXT["taxi"] = ("Réservations", "reservation@taxi-dacquois-exemple.fr", "Taxi Dacquois",
               "12 rue Cazade, 40100 Dax")


def ascii_local(x):
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", x.lower()) if c.isascii() and (c.isalnum() or c in ".-"))


def who(s, *keys):
    for st in s["staff"]:
        if any(k in st[2] for k in keys):
            return st
    return s["staff"][0]


def ext(key):
    nm, ad, org, adr = EXT[key]
    return (nm if nm != org else org, ad)


def money(x):
    return f"{x:,.2f}".replace(",", " ").replace(".", ",") + " €"


def M(s, sender, to, subject, paras, kind, why, purpose="administrative", staff=(), **kw):
    m = dict(s=s, sender=sender, to=[ext(t) if isinstance(t, str) and t in EXT else
                                     (t if isinstance(t, tuple) else ("", t)) for t in to],
             subject=subject, paras=paras, kind=kind, why=why, purpose=purpose,
             staff=[plain_name(sender)] + [x for x in staff if x != plain_name(sender)],
             verdict="pass")
    m.update(kw)
    return m


def greet(i):
    return ["Bonjour,", "Madame, Monsieur,", "Bonjour Madame, Bonjour Monsieur,", "Bonjour à tous,"][i % 4]


def closing(i):
    return ["Bien cordialement,", "Cordialement,", "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
            "Avec mes remerciements, bien cordialement,", "Bonne journée,"][i % 5]


def order_rows(items):
    rows = [["Réf.", "Désignation", "Qté", "PU HT", "Total HT"]]
    tot = 0
    for ref, des, q, pu in items:
        rows.append([ref, des, q, money(pu), money(q * pu)])
        tot += q * pu
    return rows, tot


def purchase_orders():
    out = []
    s = SBY["tilleuls"]; st = who(s, "comptable")
    items = [("HS-2201", "Détergent désinfectant sols 5 L", 12, 14.9), ("HS-1180", "Liquide vaisselle 5 L", 6, 8.4),
             ("HS-3305", "Essuie-mains pliés, carton de 3750", 10, 31.5), ("HS-0412", "Sacs poubelle 110 L, rouleau de 25", 40, 3.1),
             ("HS-5530", "Gants nitrile taille M, boîte de 100", 30, 6.2)]
    rows, tot = order_rows(items)
    no = "BC-2026-0147"
    out.append(M(s, st, ["hygiene"], f"Bon de commande {no} - {s['short']}",
                 [greet(0), f"Veuillez trouver ci-joint notre bon de commande {no} pour la livraison de produits d'entretien.",
                  f"Livraison : {s['name']}, {s['street']}, {s['cp']} {s['city']} (quai de livraison, accès par la rue arrière), "
                  "du lundi au vendredi de 8 h à 11 h 30.",
                  f"Facturation : même adresse, SIRET {fmt_siret(s['siret'])}, FINESS {s['finess']}. Merci de rappeler le numéro "
                  "de commande sur la facture.", f"Montant total HT : {money(tot)}.", closing(0)],
                 "purchase_order", "Supplies for the building, the structure's identifiers and delivery address; no person cared for.",
                 table=rows, table_after=f"Veuillez trouver ci-joint notre bon de commande {no} pour la livraison de produits d'entretien.",
                 attachments=[dict(name=f"{no}.pdf", type="application", subtype="pdf",
                                   data=pdf(f"Bon de commande {no}", s, [f"Fournisseur : {EXT['hygiene'][2]}, {EXT['hygiene'][3]}",
                                                                        f"Commandé par : {staff_name(st)}, {st[2]}"],
                                            rows, [f"Total HT : {money(tot)}", f"IBAN de l'établissement : {s['iban']}"]))],
                 extra_ident=[fmt_siret(s["siret"]), s["finess"]]))
    s = SBY["pins"]; st = who(s, "secrétaire")
    items = [("P-100", "Ramettes papier A4 80 g", 25, 4.2), ("P-221", "Feutres de coloriage, boîte de 24", 15, 5.9),
             ("P-305", "Classeurs à levier dos 80 mm", 20, 2.7), ("P-410", "Cartouche d'encre noire HP 305", 6, 17.5)]
    rows, tot = order_rows(items)
    out.append(M(s, st, ["bureau"], "Commande fournitures - rentrée de septembre",
                 ["Bonjour Madame Vidal,",
                  "Comme convenu par téléphone, voici notre commande de fournitures pour la rentrée des ateliers éducatifs.",
                  "Merci de livrer au secrétariat, bâtiment A. Le règlement se fera par virement à 30 jours, à réception de facture.",
                  closing(1)],
                 "purchase_order", "Office and workshop supplies ordered by the IME secretary; the IME's name is its own letterhead.",
                 table=rows))
    s = SBY["cotelandes"]; st = who(s, "achats")
    items = [("ML-NIT-M", "Gants d'examen nitrile non poudrés M, carton de 10 x 100", 80, 42.0),
             ("ML-NIT-L", "Gants d'examen nitrile non poudrés L, carton de 10 x 100", 60, 42.0),
             ("ML-MSK-2R", "Masques chirurgicaux type IIR, boîte de 50", 200, 3.9),
             ("ML-SUR-01", "Surblouses à usage unique, carton de 100", 25, 38.0)]
    rows, tot = order_rows(items)
    no = "EJ-26-004512"
    out.append(M(s, st, ["medicalog"], f"Commande {no} - marché 2025-017 lot 3",
                 [greet(2), f"Dans le cadre du marché 2025-017 (lot 3, consommables), vous trouverez ci-joint l'engagement juridique {no}.",
                  "Adresse de livraison : magasin central, entrée logistique, 2 boulevard Yves du Manoir, 40100 Dax.",
                  f"Facturation exclusivement via Chorus Pro : SIRET {fmt_siret(s['siret'])}, code service ACHATS-CONSO, "
                  f"numéro d'engagement {no}.", closing(2)],
                 "purchase_order", "Hospital purchasing of consumables under a public contract; SIRET for Chorus Pro billing.",
                 table=rows,
                 attachments=[dict(name=f"engagement_{no}.pdf", type="application", subtype="pdf",
                                   data=pdf(f"Engagement juridique {no}", s, ["Marché 2025-017, lot 3",
                                                                              f"Titulaire : {EXT['medicalog'][2]}, {EXT['medicalog'][3]}"],
                                            rows, [f"Total HT : {money(tot)}"]))],
                 extra_ident=[fmt_siret(s["siret"])]))
    s = SBY["stmichel"]; st = who(s, "hôtelier")
    items = [("FL-01", "Pommes Golden, colis 10 kg", 4, 16.0), ("FL-07", "Carottes, sac 10 kg", 3, 9.5),
             ("FL-12", "Poireaux, botte", 20, 1.6), ("FL-20", "Clémentines, colis 10 kg", 3, 19.0),
             ("FL-31", "Pommes de terre, sac 25 kg", 4, 17.0)]
    rows, tot = order_rows(items)
    out.append(M(s, st, ["primeurs"], "Commande semaine 12 - cuisine Saint-Michel",
                 ["Bonjour Jean-Luc,", "Voici la commande de la semaine 12 pour la cuisine. Livraison mardi avant 9 h, comme d'habitude.",
                  "Pour les menus du week-end, merci de prévoir aussi 2 plateaux de fraises si la qualité est au rendez-vous.",
                  closing(4)],
                 "purchase_order", "Food order for the kitchen; no person cared for.", table=rows))
    # TRAP: incontinence products named per resident
    s = SBY["tilleuls"]; st = who(s, "cadre de santé")
    out.append(M(s, st, ["medicalog"], "Commande complémentaire protections - unité Les Glycines",
                 [greet(3), "En complément de la commande mensuelle, merci de livrer en urgence les références suivantes pour l'unité Les Glycines :",
                  "- pour Mme Odette Ferrand, incontinence urinaire et fécale depuis son retour d'hospitalisation : change complet taille L, nuit, 2 paquets ;\n"
                  "- pour M. René Labeyrie, qui a fait une escarre au talon : coussin de positionnement et slip absorbant taille M, 1 paquet.",
                  "Livraison à l'infirmerie, rez-de-chaussée.", closing(0)],
                 "purchase_order",
                 "Trap: the order names two residents with incontinence and a pressure sore (health data by nature about cared-for persons) and goes to a supplier outside MSSanté: block.",
                 verdict="block", cared_for=["Odette Ferrand", "René Labeyrie"],
                 health=["incontinence urinaire et fécale", "escarre au talon"]))
    s = SBY["adour"]; st = who(s, "commerciale")
    items = [("CAR-40", "Cartons double cannelure 400 x 300 x 300", 1500, 0.62), ("FIL-23", "Film étirable manuel 23 µ, rouleau", 48, 7.8),
             ("ADH-48", "Ruban adhésif PP 48 mm", 144, 0.95)]
    rows, tot = order_rows(items)
    out.append(M(s, st, ["entreprise"], "Commande de matières - chantier de conditionnement d'avril",
                 [greet(0), "Pour le chantier de conditionnement que vous nous confiez en avril, nous vous commandons les fournitures suivantes, "
                  "à livrer à l'atelier conditionnement :", f"{s['name']}, {s['street']}, {s['cp']} {s['city']}.",
                  f"Bon de commande interne n° ESAT-26-088. TVA intracommunautaire FR{int(s['siret'][:9]) % 97:02d}{s['siret'][:9]}.",
                  closing(1)],
                 "purchase_order", "An ESAT buying packaging for a subcontracting job; the ESAT's own address and VAT number.",
                 table=rows, table_after="Pour le chantier de conditionnement que vous nous confiez en avril, nous vous commandons les fournitures suivantes, à livrer à l'atelier conditionnement :"))
    s = SBY["rochers"]; st = who(s, "gérant")
    out.append(M(s, st, ["imprimeur"], "Commande badges et cartes de visite",
                 ["Bonjour,", "Suite à votre proposition, nous validons la commande de 30 badges nominatifs et de 500 cartes de visite "
                  "au nom du service (logo, adresse du bureau, numéro d'astreinte 06 48 22 71 90).",
                  "Liste des badges : Nathalie Barrère (responsable de secteur), Amandine Daugreilh (assistante de planning), "
                  "et les 28 auxiliaires de vie dont la liste suit par courrier.", "Merci de nous envoyer un BAT avant impression.", closing(2)],
                 "purchase_order", "Printing order with the SAAD's staff names and its on-call number (a service number, no person cared for).",
                 staff=["Nathalie Barrère", "Amandine Daugreilh"], extra_ident=["06 48 22 71 90"]))
    s = SBY["val"]; st = who(s, "administratif")
    items = [("GH-500", "Gel hydroalcoolique 500 mL avec pompe", 60, 3.4), ("DAS-30", "Fûts DASRI 30 L", 20, 4.9),
             ("TAB-01", "Tabliers plastique à usage unique, rouleau de 100", 30, 5.6), ("CHA-02", "Charlottes, sachet de 100", 10, 2.9)]
    rows, tot = order_rows(items)
    out.append(M(s, st, ["medicalog"], "SSIAD du Val - commande trimestrielle de consommables",
                 [greet(1), "Voici notre commande trimestrielle de consommables pour les équipes d'aides-soignantes (stock du local de Narrosse).",
                  f"Adresse de livraison et de facturation : {s['name']}, {s['street']}, {s['cp']} {s['city']}. SIRET {fmt_siret(s['siret'])}.",
                  closing(3)],
                 "purchase_order", "Bulk consumables for the SSIAD's stock; nobody is named but staff.", table=rows,
                 extra_ident=[fmt_siret(s["siret"])]))
    s = SBY["sablar"]; st = who(s, "agent administratif")
    items = [("MOB-12", "Chaises de salle d'attente, assise tissu", 12, 89.0), ("MOB-30", "Table basse 80 x 80", 2, 120.0),
             ("MOB-41", "Porte-revues mural", 2, 45.0)]
    rows, tot = order_rows(items)
    out.append(M(s, st, ["bureau"], "CMP du Sablar - commande mobilier salle d'attente",
                 ["Madame Vidal,", "Suite à la validation par la direction des achats, je vous transmets la commande de mobilier pour la salle d'attente du CMP.",
                  f"Livraison : {s['name']}, {s['street']}, {s['cp']} {s['city']}, le matin de préférence. Contact sur place : {staff_name(st)}, {s['phone']}.",
                  closing(0)],
                 "purchase_order", "Furniture for the CMP's waiting room; the CMP's name and address are the sender's own.",
                 table=rows,
                 attachments=[dict(name="commande_mobilier_CMP.pdf", type="application", subtype="pdf",
                                   data=pdf("Bon de commande mobilier", s, [f"Fournisseur : {EXT['bureau'][2]}"], rows,
                                            [f"Total HT : {money(tot)}"]))]))
    return out


def invoice_pdf(s, no, client, rows, tot, extra=()):
    return dict(name=f"facture_{no}.pdf", type="application", subtype="pdf",
                data=pdf(f"Facture {no}", s, [f"Client : {client}", *extra], rows,
                         [f"Total HT : {money(tot)} - TVA 20 % : {money(tot * 0.2)} - TTC : {money(tot * 1.2)}",
                          f"Règlement par virement à 30 jours - IBAN {s['iban']}",
                          f"SIRET {fmt_siret(s['siret'])}"]))


def invoices():
    out = []
    s = SBY["adour"]; st = who(s, "comptable")
    rows, tot = order_rows([("COND-01", "Conditionnement de coffrets, mars", 4200, 0.35), ("COND-02", "Mise sous film, palettes", 18, 12.0)])
    out.append(M(s, st, ["entreprise"], "Facture F-ESAT-2026-0311 - conditionnement de mars",
                 [greet(0), "Veuillez trouver ci-joint notre facture F-ESAT-2026-0311 pour la prestation de conditionnement réalisée en mars par notre atelier.",
                  f"Montant TTC : {money(tot * 1.2)}, payable par virement à 30 jours sur le compte {s['iban']}.", closing(0)],
                 "invoice", "An ESAT's invoice to a client company: its IBAN, SIRET and address are the sender's own.",
                 attachments=[invoice_pdf(s, "F-ESAT-2026-0311", f"{EXT['entreprise'][2]}, {EXT['entreprise'][3]}", rows, tot)],
                 extra_ident=[s["iban"]]))
    st = who(s, "commerciale")
    rows, tot = order_rows([("EV-10", "Tonte et débroussaillage, parc municipal, avril", 1, 1850.0), ("EV-12", "Taille de haies, 120 m", 1, 640.0)])
    out.append(M(s, st, ["mairie_mdm"], "Facture entretien des espaces verts - avril",
                 ["Madame, Monsieur,", "Vous trouverez ci-joint la facture de l'entretien des espaces verts du mois d'avril (marché à procédure adaptée n° 2025-31).",
                  "Nos équipes interviendront à nouveau la semaine du 11 mai.", closing(2)],
                 "invoice", "Green-space maintenance invoiced to a town hall by an ESAT; no worker is named.",
                 attachments=[invoice_pdf(s, "F-ESAT-2026-0402", EXT["mairie_mdm"][2], rows, tot)]))
    s = SBY["tilleuls"]; st = who(s, "comptable")
    rows, tot = order_rows([("LOC-01", "Mise à disposition de la salle Pasteur, 3 après-midi", 3, 45.0), ("REP-02", "Repas des bénévoles", 14, 9.5)])
    out.append(M(s, st, ["amis"], "Facture mise à disposition de salle et repas des bénévoles",
                 ["Bonjour,", "Comme chaque trimestre, voici la facture de la mise à disposition de la salle Pasteur et des repas des bénévoles de l'association.",
                  f"Le règlement peut se faire par chèque à l'ordre de l'{s['name']} ou par virement (IBAN {s['iban']}).", closing(1)],
                 "invoice", "Room and meals invoiced to a volunteers' association; the EHPAD's name and IBAN are its own.",
                 attachments=[invoice_pdf(s, "2026-T1-014", EXT["amis"][2], rows, tot)], extra_ident=[s["iban"]]))
    # TRAP
    s = SBY["tilleuls"]; st = who(s, "accueil")
    out.append(M(s, st, ["famille.dupuis@gmail.com"], "Facture de novembre - Mme Marcelle Dupuis",
                 ["Bonjour Monsieur Dupuis,", "Veuillez trouver le détail de la facture de novembre de votre mère, Mme Marcelle Dupuis, chambre 27 :",
                  "- hébergement permanent, 30 jours x 68,40 € = 2 052,00 €\n- tarif dépendance GIR 1-2, 30 jours x 24,10 € = 723,00 €\n- déduction APA en établissement : - 566,00 €",
                  "Reste à charge : 2 209,00 €, prélevé le 10 décembre.", closing(0)],
                 "invoice",
                 "Trap: the bill names a resident with her dependency level (GIR 1-2) and her APA (health data by nature and by crossing) and goes to a personal gmail address outside MSSanté: block.",
                 verdict="block", cared_for=["Marcelle Dupuis"], health=["GIR 1-2", "APA en établissement"]))
    s = SBY["stmichel"]; st = who(s, "comptable")
    out.append(M(s, st, ["traiteur"], "Votre facture FA-2026-0412",
                 ["Bonjour Monsieur Lafon,", "Nous avons bien reçu votre facture FA-2026-0412 du 3 avril pour le buffet de la fête de printemps (180 couverts).",
                  "Le bon de livraison mentionne 170 couverts : pourriez-vous nous adresser un avoir de la différence ? Le solde sera réglé par virement dès réception.",
                  closing(3)],
                 "invoice", "A supplier's invoice disputed by the accountant; no person cared for."))
    s = SBY["cotelandes"]; st = who(s, "finances")
    rows, tot = order_rows([("RES-01", "Repas servis au restaurant du personnel aux agents municipaux, janvier-mars", 412, 6.2)])
    out.append(M(s, st, ["mairie_cab"], "Titre de recettes n° 2026-00318 - restauration des agents municipaux",
                 [greet(1), "Conformément à la convention du 12 septembre 2024, veuillez trouver ci-joint l'avis des sommes à payer pour les repas servis aux agents municipaux au restaurant du personnel au premier trimestre.",
                  "Le paiement s'effectue auprès du comptable public, par virement (références sur l'avis).", closing(2)],
                 "invoice", "Staff-restaurant meals invoiced to a town; figures only.",
                 attachments=[invoice_pdf(s, "2026-00318", EXT["mairie_cab"][2], rows, tot)]))
    s = SBY["rochers"]; st = who(s, "comptable")
    tbl = [["Fournisseur", "N° facture", "Date", "Montant TTC"], ["Bureau Plus Landes", "BP-88120", "02/10/2026", money(312.4)],
           ["Garage Lanusse", "GL-5521", "09/10/2026", money(689.0)], ["Orange Business", "OB-20261001", "12/10/2026", money(142.8)],
           ["Imprimerie de l'Adour", "IA-2026-331", "20/10/2026", money(254.0)]]
    out.append(M(s, st, ["comptable"], "Factures fournisseurs d'octobre pour saisie",
                 ["Bonjour Éric,", "Voici le récapitulatif des factures fournisseurs d'octobre ; les originaux sont déposés sur le portail du cabinet.",
                  "La facture du garage concerne l'entretien des deux véhicules de service (Clio immatriculées FG-218-KL et FG-219-KL).", closing(4)],
                 "invoice", "Supplier invoices of a SAAD sent to its accountant; companies and service cars only.", table=tbl,
                 table_after="Voici le récapitulatif des factures fournisseurs d'octobre ; les originaux sont déposés sur le portail du cabinet."))
    s = SBY["pins"]; st = who(s, "comptable")
    rows, tot = order_rows([("TR-01", "Participation au transport partagé, navette du mercredi, 1er semestre", 1, 1420.0)])
    out.append(M(s, st, ["mairie_spl"], "Facture participation navette du mercredi",
                 [greet(0), "Veuillez trouver ci-joint la facture de la participation de la commune à la navette partagée du mercredi (convention du 4 janvier 2026).",
                  f"Coordonnées bancaires : {s['name']}, IBAN {s['iban']}.", closing(0)],
                 "invoice", "Shared-transport contribution invoiced to a town; the IME's bank account is its own.",
                 attachments=[invoice_pdf(s, "IME-2026-07", EXT["mairie_spl"][2], rows, tot)], extra_ident=[s["iban"]]))
    s = SBY["val"]; st = who(s, "administratif")
    out.append(M(s, st, ["assureur"], "Contrat multirisque n° MA-40-77812 - facture d'échéance",
                 ["Madame, Monsieur,", "Nous avons reçu l'appel de cotisation 2027 du contrat multirisque n° MA-40-77812 (local de Narrosse et trois véhicules de service).",
                  "Le montant augmente de 11 % : pouvez-vous nous en donner le détail et nous proposer un rendez-vous pour revoir les garanties ?", closing(1)],
                 "invoice", "An insurance premium questioned by the SSIAD's administrative manager."))
    return out


def hr_payroll():
    out = []
    s = SBY["tilleuls"]; st = who(s, "ressources humaines")
    emps = employees(7, s)
    tbl = [["Salarié", "Fonction", "H. sup. 25 %", "H. nuit", "Dim./fériés", "Prime", "CP pris"]]
    for f, l, job in emps:
        tbl.append([f"{f} {l}", job, RNG.choice([0, 0, 2, 4, 6.5]), RNG.choice([0, 0, 10, 20, 30]), RNG.choice([0, 1, 2, 3]),
                    RNG.choice(["", "prime d'assiduité", "prime de tutorat"]), RNG.choice([0, 0, 2, 5, 10])])
    csv = "Salarié;Fonction;Lun;Mar;Mer;Jeu;Ven;Sam;Dim\r\n" + "".join(
        f"{f} {l};{job};" + ";".join(RNG.choice(["M", "S", "N", "RH", "CP"]) for _ in range(7)) + "\r\n" for f, l, job in emps)
    out.append(M(s, st, ["paie"], "Éléments variables de paie - novembre 2026",
                 ["Bonjour,", "Voici les éléments variables de paie de novembre pour l'EHPAD. Le planning réalisé du mois est joint (CSV).",
                  "Entrée : Mme " + f"{emps[0][0]} {emps[0][1]}, {emps[0][2]}, CDD de remplacement du 2 au 30 novembre, 151,67 h.",
                  "Pas de sortie ce mois-ci. Les congés payés pris sont décomptés en jours ouvrables.", closing(1)],
                 "hr_payroll", "Payroll items of staff members to the payroll office: employees' names, hours and holidays are the employer's business, no person cared for.",
                 table=tbl, table_after="Voici les éléments variables de paie de novembre pour l'EHPAD. Le planning réalisé du mois est joint (CSV).",
                 staff=[f"{f} {l}" for f, l, _ in emps],
                 attachments=[dict(name="planning_realise_novembre.csv", type="text", subtype="csv", charset="windows-1252",
                                   data=csv.encode("cp1252"))]))
    s = SBY["stmichel"]; st = who(s, "comptable")
    emps = employees(3, s)
    out.append(M(s, st, ["paie"], "Entrées et sorties du mois de juillet",
                 ["Bonjour,", f"Entrées de juillet : {emps[0][0]} {emps[0][1]} ({emps[0][2]}, CDD été du 1er juillet au 31 août, temps plein) et "
                  f"{emps[1][0]} {emps[1][1]} ({emps[1][2]}, CDD été du 7 juillet au 24 août, 80 %).",
                  f"Sortie : {emps[2][0]} {emps[2][1]}, {emps[2][2]}, fin de CDI par démission au 31 juillet ; merci de préparer le solde de tout compte, "
                  "l'attestation France Travail et le certificat de travail.", closing(0)],
                 "hr_payroll", "Hires and departures of staff to the payroll office.", staff=[f"{f} {l}" for f, l, _ in emps]))
    s = SBY["adour"]; st = who(s, "ressources humaines")
    tbl = [["Salarié", "Fonction", "Congés d'été"], ["Mathieu Bordes", "moniteur d'atelier espaces verts", "du 20/07 au 07/08"],
           ["Sophie Destenave", "responsable commerciale", "du 03/08 au 21/08"]]
    emps = employees(3, s)
    for f, l, job in emps:
        tbl.append([f"{f} {l}", job, RNG.choice(["du 13/07 au 31/07", "du 10/08 au 28/08", "du 27/07 au 14/08"])])
    out.append(M(s, st, ["paie"], "Congés d'été de l'encadrement - pour information paie",
                 ["Bonjour,", "Pour anticiper les paies de juillet et d'août, voici les congés d'été validés des salariés d'encadrement de l'ESAT.",
                  "L'atelier restera ouvert tout l'été avec un moniteur de permanence.", closing(1)],
                 "hr_payroll", "Summer holidays of the ESAT's supervising staff (not of the workers it supports).",
                 table=tbl, staff=["Mathieu Bordes", "Sophie Destenave"] + [f"{f} {l}" for f, l, _ in emps]))
    s = SBY["pins"]; st = who(s, "secrétaire")
    emps = employees(4, s)
    csv = "Salarié;Fonction;Nuits;Heures de nuit;Astreintes\r\n" + "".join(
        f"{f} {l};{job};{n};{n * 10};{a}\r\n" for (f, l, job), n, a in zip(emps, [8, 7, 6, 4], [0, 0, 1, 2]))
    out.append(M(s, st, ["paie"], "Heures de nuit et astreintes - octobre",
                 ["Bonjour,", "Vous trouverez ci-joint le relevé des heures de nuit des surveillants et des astreintes de l'équipe d'encadrement pour octobre.",
                  "Karim Haddad a assuré deux week-ends d'astreinte (10-11 et 24-25 octobre).", closing(2)],
                 "hr_payroll", "Night hours and on-call duty of staff for payroll.", staff=["Karim Haddad"] + [f"{f} {l}" for f, l, _ in emps],
                 attachments=[dict(name="heures_nuit_octobre.csv", type="text", subtype="csv", charset="utf-8", data=csv.encode("utf-8"))]))
    s = SBY["rochers"]; st = who(s, "planning")
    emps = employees(5, s)
    csv = "Intervenant;Secteur;Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi\r\n" + "".join(
        f"{f} {l};{RNG.choice(['Dax nord', 'Dax sud', 'Saint-Paul', 'Narrosse'])};" + ";".join(
            RNG.choice(["7h-13h", "13h-20h", "repos", "7h-12h / 17h-20h"]) for _ in range(6)) + "\r\n" for f, l, _ in emps)
    out.append(M(s, st, [("", f"{ascii_local(emps[i][0])}.{ascii_local(emps[i][1])}@gmail.com") for i in range(2)],
                 "Planning des intervenants - décembre",
                 ["Bonjour à toutes et à tous,", "Voici vos horaires de décembre par secteur (fichier joint). Les tournées détaillées restent sur l'application mobile, comme d'habitude.",
                  "Merci de me signaler avant le 25 novembre toute demande d'échange de créneau.", closing(4)],
                 "hr_payroll", "Staff shifts by sector sent to employees' personal mailboxes; the rounds with the people helped are not in the file.",
                 staff=[f"{f} {l}" for f, l, _ in emps],
                 attachments=[dict(name="planning_decembre.csv", type="text", subtype="csv", charset="windows-1252", data=csv.encode("cp1252"))]))
    s = SBY["cotelandes"]; st = who(s, "ressources humaines")
    tbl = [["Filière", "ETP au 31/12/2025", "ETP au 31/12/2026"], ["Soignante", "612,4", "624,8"], ["Médico-technique", "58,2", "59,0"],
           ["Technique et ouvrière", "96,5", "94,1"], ["Administrative", "131,0", "129,6"], ["Personnel médical", "88,3", "91,7"]]
    out.append(M(s, st, ["cac"], "Effectifs et masse salariale 2026 - pièces pour l'audit",
                 ["Monsieur Laffitte,", "Pour votre mission de certification des comptes, voici l'état des effectifs en équivalents temps plein par filière.",
                  "La masse salariale chargée 2026 s'établit à 58,4 M€ (+2,1 %). Le détail par compte vous sera transmis par la direction des finances.", closing(2)],
                 "hr_payroll", "Aggregate staffing figures for the statutory auditor; no person.", table=tbl))
    s = SBY["val"]; st = who(s, "administratif")
    emps = employees(4, s)
    tbl = [["Salarié", "Fonction", "Km octobre", "Indemnité"]]
    for f, l, job in emps:
        km = RNG.randint(310, 980)
        tbl.append([f"{f} {l}", job, km, money(km * 0.35)])
    out.append(M(s, st, ["paie"], "Indemnités kilométriques d'octobre",
                 ["Bonjour,", "Voici le relevé des kilomètres parcourus en octobre par les salariées utilisant leur véhicule personnel, au barème de l'accord d'entreprise (0,35 € / km).",
                  closing(1)],
                 "hr_payroll", "Mileage allowances of staff; no person cared for.", table=tbl, staff=[f"{f} {l}" for f, l, _ in emps]))
    s = SBY["sablar"]; st = who(s, "cadre")
    emps = employees(4, s)
    tbl = [["Agent", "Fonction", "Congés demandés"]] + [[f"{f} {l}", job, d] for (f, l, job), d in
                                                       zip(emps, ["06/07 - 24/07", "27/07 - 14/08", "10/08 - 28/08", "17/08 - 04/09"])]
    out.append(M(s, st, [("Direction des ressources humaines", "drh@ch-cotelandes.fr")], "Congés annuels d'été de l'équipe du CMP",
                 ["Bonjour,", "Voici le tableau des congés d'été de l'équipe du CMP du Sablar, validé en réunion d'équipe. La continuité de l'accueil est assurée chaque semaine par deux infirmiers.",
                  closing(0)],
                 "hr_payroll", "Staff leave table of a CMP team to the hospital's HR.", table=tbl, staff=[f"{f} {l}" for f, l, _ in emps]))
    s = SBY["tilleuls"]; st = who(s, "ressources humaines")
    emp = employees(1, s)[0]
    out.append(M(s, st, [(f"{emp[0]} {emp[1]}", f"{ascii_local(emp[0])}.{ascii_local(emp[1])}40@gmail.com")], "Vos documents de fin de contrat",
                 [f"Bonjour {emp[0]},", f"Vous trouverez à l'accueil de l'établissement votre certificat de travail, votre attestation France Travail et votre solde de tout compte (fin de CDD de {emp[2]} au 30 septembre).",
                  "Il vous reste 4 jours de congés payés, indemnisés sur le solde. Merci encore pour votre travail parmi nous.", closing(1)],
                 "hr_payroll", "End-of-contract papers to a former employee; her name and job only.", staff=[f"{emp[0]} {emp[1]}"]))
    return out


def facilities():
    out = []
    s = SBY["tilleuls"]; st = who(s, "technique")
    out.append(M(s, st, ["mairie"], "Demande d'autorisation de stationnement - livraison de la chaudière",
                 ["Madame, Monsieur,", f"Dans le cadre du remplacement de la chaufferie de l'{s['name']}, un camion-grue doit stationner devant l'établissement, {s['street']}, le mardi 13 octobre de 7 h à 13 h.",
                  "Nous sollicitons une autorisation d'occupation temporaire du domaine public pour trois places de stationnement et la neutralisation du trottoir côté établissement. L'entreprise Thermique Adour assurera la signalisation.",
                  closing(2)],
                 "facilities", "A parking request to the town hall; the building's address is the structure's own."))
    out.append(M(s, st, ["ascenseurs"], "URGENT - ascenseur B à l'arrêt (contrat n° AD-40-1187)",
                 ["Bonjour,", "L'ascenseur B (aile des Glycines, appareil n° 40-1187-B) est bloqué au 1er étage depuis ce matin 7 h, porte palière ouverte, message « défaut sécurité ».",
                  "Personne n'est resté bloqué dans la cabine. L'appareil a été condamné. Merci d'intervenir dans le délai de 4 heures prévu au contrat ; le technicien peut se présenter à l'accueil.",
                  closing(1)],
                 "facilities", "Elevator breakdown reported to the maintenance company."))
    s = SBY["stmichel"]; st = who(s, "hôtelier")
    out.append(M(s, st, ["chauffage"], "Radiateurs froids aile B et entretien annuel de la chaudière",
                 ["Bonjour Monsieur Laborie,", "Depuis lundi, les radiateurs de l'aile B (chambres 20 à 34 et salon du 2e étage) restent froids malgré la purge. La température relevée ce matin est de 17 °C dans le couloir.",
                  "Pouvez-vous passer cette semaine ? Nous en profiterions pour fixer la date de l'entretien annuel de la chaudière gaz.", closing(0)],
                 "facilities", "Heating fault in a wing; rooms numbers without anybody; temperature of a corridor, not of a person."))
    s = SBY["pins"]; st = who(s, "entretien")
    out.append(M(s, st, ["batilandes"], "Réfection du toit du préau - visite sur place",
                 ["Bonjour Monsieur Lafourcade,", "Suite aux intempéries, plusieurs tuiles du préau de la cour des ateliers ont glissé et l'eau s'infiltre au-dessus de la salle de motricité.",
                  "Pourriez-vous passer pour établir un devis ? Je suis présent du lundi au jeudi de 8 h à 16 h ; merci de vous présenter au secrétariat.", closing(1)],
                 "facilities", "Roof repair request to a builder."))
    s = SBY["cotelandes"]; st = who(s, "technique")
    out.append(M(s, st, ["electricite"], "Coupure programmée du poste HTA - essai du groupe électrogène",
                 ["Bonjour,", "Comme convenu en réunion de chantier, la coupure du poste HTA n° 2 aura lieu le dimanche 15 mars de 6 h à 8 h, avec bascule sur le groupe électrogène.",
                  "Le bloc opératoire et la réanimation restent sur onduleurs. Merci de confirmer la présence de vos deux techniciens à 5 h 30 au PC sécurité.", closing(2)],
                 "facilities", "Power cut planning with the electrician; hospital services named as places, no person."))
    s = SBY["adour"]; st = who(s, "directeur")
    out.append(M(s, st, ["mairie_mdm"], "Éclairage public et élagage rue des Artisans",
                 ["Madame, Monsieur,", "Deux candélabres de la rue des Artisans, devant l'ESAT, sont éteints depuis trois semaines, et les platanes masquent le panneau de sortie des véhicules de livraison.",
                  "Nos travailleurs et nos salariés quittent l'atelier à 16 h 30, à la nuit tombante en hiver : une intervention rapide serait précieuse.", closing(2)],
                 "facilities", "Street-lighting request to the town hall; the workers as a group, nobody named."))
    s = SBY["val"]; st = who(s, "président")
    out.append(M(s, st, ["copro"], "Dégât des eaux dans le local du SSIAD - 5 place de la Mairie",
                 ["Bonjour,", "Une fuite provenant de l'appartement du 1er étage a endommagé le plafond de notre bureau et l'armoire des dossiers administratifs (dossiers mis à l'abri).",
                  "Nous avons déclaré le sinistre à notre assureur. Merci de mandater le plombier de la copropriété et de nous communiquer le constat amiable à remplir.", closing(0)],
                 "facilities", "Water damage reported to the building manager."))
    s = SBY["sablar"]; st = who(s, "cadre")
    out.append(M(s, st, ["mairie"], "Demande de places de stationnement réservées rue du Sablar",
                 ["Madame, Monsieur,", "Le CMP du Sablar accueille chaque jour de nombreuses personnes venues en voiture, et les places de la rue sont occupées dès 8 h par les véhicules des commerces voisins.",
                  "Nous sollicitons la création de deux places réservées aux personnes à mobilité réduite et d'un arrêt minute devant l'entrée, au 21 rue du Sablar.", closing(2)],
                 "facilities", "A parking request for a public facility; no person."))
    s = SBY["rochers"]; st = who(s, "gérant")
    out.append(M(s, st, ["incendie"], "Vérification annuelle des extincteurs et exercice d'évacuation",
                 ["Bonjour Monsieur Peyrot,", "La vérification annuelle des 6 extincteurs de nos bureaux, 8 chemin des Rochers, arrive à échéance en février.",
                  "Pourriez-vous l'organiser un mardi matin, jour de réunion d'équipe, et animer à cette occasion un court exercice d'évacuation pour les 12 salariés présents ?", closing(1)],
                 "facilities", "Fire-safety check of the SAAD's offices."))
    return out


def family_events():
    out = []
    fam = lambda k: [("", a) for a in FAMILIES[k:k + 3]]
    s = SBY["tilleuls"]; st = who(s, "animatrice")
    out.append(M(s, st, fam(0), "Fête de printemps - samedi 11 avril",
                 ["Chères familles,", "Nous avons le plaisir de vous inviter à la fête de printemps de la Résidence des Tilleuls, le samedi 11 avril à partir de 14 h 30, dans le jardin (salle Pasteur en cas de pluie).",
                  "Au programme : chorale de l'école du Sablar, exposition des ateliers d'art floral, goûter préparé par l'équipe de cuisine.",
                  "Un repas des familles est proposé le midi (12 € par personne) : inscription à l'accueil avant le 3 avril.", closing(0)],
                 "family_event", "An invitation to families in general; no resident named.", pixel="remote"))
    out.append(M(s, who(s, "directrice"), fam(2), "Marché de Noël de la résidence",
                 ["Chères familles, chers amis,", "Le marché de Noël aura lieu le dimanche 6 décembre de 10 h à 17 h dans le hall et la salle Pasteur : objets réalisés aux ateliers, confitures, vin chaud.",
                  "Les bénéfices financeront la sortie au bord de la mer du printemps prochain. Nous recherchons des bénévoles pour tenir les stands : merci de vous signaler auprès de Julie Dufau, animatrice.",
                  closing(1)],
                 "family_event", "Christmas market announcement to families.", staff=["Julie Dufau"]))
    s = SBY["stmichel"]; st = who(s, "directrice")
    out.append(M(s, st, fam(1), "Visites : horaires d'hiver et recommandations",
                 ["Madame, Monsieur,", "À partir du 1er décembre, les visites sont possibles tous les jours de 11 h à 19 h 30.",
                  "En période d'épidémie de grippe et de COVID, nous vous remercions de porter un masque si vous êtes enrhumé et de vous frotter les mains avec le gel mis à disposition à l'entrée. Ces mesures protègent tous les résidents.",
                  "L'équipe reste à votre écoute à l'accueil.", closing(2)],
                 "family_event", "Visiting hours and general hygiene advice to all families; a disease named for no one is not health data about a person."))
    s = SBY["pins"]; st = who(s, "directeur")
    out.append(M(s, st, fam(3), "Fête de fin d'année de l'IME - vendredi 26 juin",
                 ["Chers parents,", "Les jeunes et les professionnels de l'IME vous invitent à la fête de fin d'année le vendredi 26 juin à 17 h : spectacle de l'atelier théâtre, exposition des travaux des ateliers, buffet partagé.",
                  "Merci d'indiquer à Marion Pouyanne, au secrétariat, le nombre de personnes qui viendront.", closing(1)],
                 "family_event", "An end-of-year party for the parents in general.", staff=["Marion Pouyanne"]))
    s = SBY["stmichel"]; st = who(s, "secrétaire")
    out.append(M(s, st, fam(4), "Élection du conseil de la vie sociale - appel à candidatures",
                 ["Madame, Monsieur,", "Le mandat des représentants des familles au conseil de la vie sociale (CVS) arrive à son terme. Les élections auront lieu le 20 mars.",
                  "Les candidatures sont à déposer à l'accueil ou par retour de courriel avant le 6 mars. Le CVS se réunit trois fois par an avec la direction.", closing(0)],
                 "family_event", "A call for candidates to the families' council."))
    # TRAP
    s = SBY["tilleuls"]; st = who(s, "animatrice")
    out.append(M(s, st, fam(0), "Anniversaire de notre doyenne",
                 ["Chères familles,", "Samedi prochain, nous fêterons les 101 ans de Mme Lucienne Garnier, notre doyenne.",
                  "Elle est revenue parmi nous la semaine dernière après son hospitalisation pour une fracture du col du fémur et se déplace désormais en fauteuil roulant : le goûter aura donc lieu au rez-de-chaussée, salle Pasteur.",
                  "Vous êtes les bienvenus !", closing(4)],
                 "family_event",
                 "Trap: a resident named with her fracture, her hospital stay and her wheelchair, sent to families' personal mailboxes outside MSSanté: block.",
                 verdict="block", cared_for=["Lucienne Garnier"], health=["fracture du col du fémur", "fauteuil roulant"]))
    s = SBY["rochers"]; st = who(s, "secteur")
    out.append(M(s, st, fam(5), "Fermeture du bureau pendant les fêtes - astreinte",
                 ["Madame, Monsieur,", "Le bureau du SAAD Les Rochers sera fermé les 24 et 31 décembre après-midi. Les interventions à domicile sont maintenues selon le planning habituel.",
                  "En cas d'imprévu, l'astreinte est joignable au 06 48 22 71 90, 7 jours sur 7 de 7 h à 21 h.", closing(1)],
                 "family_event", "Holiday closing notice with the on-call service number.", extra_ident=["06 48 22 71 90"]))
    s = SBY["val"]; st = who(s, "coordinatrice")
    out.append(M(s, st, fam(2), "Questionnaire de satisfaction 2026",
                 ["Madame, Monsieur,", "Comme chaque année, nous vous proposons de répondre à notre questionnaire de satisfaction (10 minutes, anonyme) : https://enquete.ssiad-duval.fr/2026.",
                  "Les résultats seront présentés à l'assemblée générale de l'association en mars et affichés au local.", closing(0)],
                 "family_event", "An anonymous satisfaction survey."))
    s = SBY["pins"]; st = who(s, "chef de service")
    out.append(M(s, st, fam(5), "Transports : nouveaux horaires à la rentrée des vacances de février",
                 ["Chers parents,", "À partir du lundi 2 mars, le car du circuit de Saint-Vincent-de-Paul partira à 7 h 45 au lieu de 7 h 55 ; le retour reste à 16 h 40.",
                  "Pour toute question, contactez le secrétariat au 05 58 91 44 10.", closing(1)],
                 "family_event", "School-bus timetable to parents."))
    return out


def partners():
    out = []
    s = SBY["tilleuls"]; st = who(s, "animatrice")
    out.append(M(s, st, ["ecole"], "Projet intergénérationnel avec la classe de CM1",
                 ["Bonjour Madame Tachoires,", "Suite à notre rencontre, je vous propose trois après-midi d'atelier « jeux d'autrefois » avec votre classe de CM1 : les jeudis 14 janvier, 4 février et 11 mars, de 14 h à 15 h 30, salle Pasteur.",
                  "Les élèves pourront venir à pied accompagnés ; nous prévoyons le goûter. Une autorisation de droit à l'image sera demandée aux parents pour les photos.", closing(0)],
                 "partner", "An intergenerational project with a school."))
    s = SBY["stmichel"]; st = who(s, "directrice")
    out.append(M(s, st, ["musique"], "Concert de l'école de musique - proposition de dates",
                 ["Bonjour Monsieur Lamothe,", "Merci pour votre proposition de concert de fin d'année. Nous pouvons accueillir l'ensemble à cordes le mercredi 16 décembre à 15 h dans la grande salle à manger (environ 60 spectateurs).",
                  "Un piano droit est disponible ; nous pouvons aussi prévoir un goûter pour les élèves.", closing(1)],
                 "partner", "A concert arranged with a music school."))
    # TRAP
    s = SBY["tilleuls"]; st = who(s, "cadre de santé")
    out.append(M(s, st, ["benevoles"], "Demande de visites de bénévoles",
                 ["Bonjour,", "Pourriez-vous proposer des visites régulières à Mme Pauline Roussel (chambre 14) ? Depuis son AVC, elle a une aphasie et ne parle presque plus, et sa famille vit loin.",
                  "Elle apprécie la lecture à voix haute et la musique. Les après-midi entre 15 h et 17 h lui conviennent le mieux.", closing(0)],
                 "partner",
                 "Trap: a resident named with her stroke and aphasia, sent to a volunteers' association (unknown role, outside MSSanté): block.",
                 verdict="block", purpose="medico_social_follow_up", cared_for=["Pauline Roussel"], health=["AVC", "aphasie"]))
    s = SBY["pins"]; st = who(s, "chef de service")
    out.append(M(s, st, ["club"], "Séances d'initiation au rugby pour un groupe de l'IME",
                 ["Bonjour,", "Comme évoqué au forum des associations, nous souhaiterions organiser six séances d'initiation au rugby à toucher pour un groupe de huit jeunes de l'IME, encadrés par deux éducateurs, le mercredi de 14 h à 15 h au stade Maurice Boyau.",
                  "Une convention de partenariat pourrait préciser l'assurance et la mise à disposition d'un éducateur sportif.", closing(1)],
                 "partner", "A sports partnership for a group; no child named."))
    s = SBY["adour"]; st = who(s, "commerciale")
    out.append(M(s, st, ["mediatheque"], "Exposition des réalisations de l'atelier menuiserie",
                 ["Bonjour Madame Sentex,", "L'atelier menuiserie de l'ESAT a réalisé cette année une série de nichoirs et de jeux en bois. Nous serions heureux de les exposer dans le hall de la médiathèque au mois de mai.",
                  "Nous pouvons livrer et installer les pièces nous-mêmes ; une petite vente au profit de l'association sportive de l'ESAT est envisageable.", closing(2)],
                 "partner", "An exhibition with the library."))
    s = SBY["cotelandes"]; st = who(s, "communication")
    out.append(M(s, st, ["journal"], "Communiqué de presse - inauguration du nouveau bâtiment de médecine",
                 ["Bonjour,", "Le Centre hospitalier de la Côte Landes inaugurera le vendredi 9 octobre à 11 h son nouveau bâtiment de médecine (120 lits, 4 niveaux), en présence de la directrice générale de l'ARS.",
                  "Accréditation presse auprès du service communication, 05 58 91 48 60. Des photos libres de droit sont disponibles sur demande.", closing(0)],
                 "partner", "A press release; counts of beds.", extra_ident=["05 58 91 48 60"]))
    s = SBY["sablar"]; st = who(s, "cadre")
    out.append(M(s, st, ["mediatheque"], "Semaines d'information sur la santé mentale - conférence",
                 ["Bonjour Madame Sentex,", "Dans le cadre des Semaines d'information sur la santé mentale, l'équipe du CMP du Sablar propose une conférence grand public « Parler de sa santé mentale au travail » le jeudi 15 octobre à 18 h 30.",
                  "Pourrions-nous disposer de l'auditorium (80 places) ? L'intervenant sera le Dr Philippe Sarrade, psychiatre.", closing(1)],
                 "partner", "A public conference; a psychiatrist named as speaker is a professional.", staff=["Philippe Sarrade"]))
    s = SBY["val"]; st = who(s, "coordinatrice")
    out.append(M(s, st, [DIR_DAC], "Réunion partenariale annuelle - bilan des conventions",
                 ["Bonjour,", "Je vous propose de tenir notre réunion partenariale annuelle le mardi 17 novembre à 10 h dans nos locaux de Narrosse.",
                  "Ordre du jour : bilan quantitatif des orientations de l'année (nombre de demandes, délais de réponse), mise à jour de la convention, circuit des demandes urgentes.", closing(0)],
                 "partner", "A partners' meeting with the DAC (MSSanté, coordination staff); nobody cared for is named.",
                 from_addr="coordination@ssiad-duval.mssante.fr"))
    s = SBY["rochers"]; st = who(s, "gérant")
    out.append(M(s, st, ["mairie_cab"], "Semaine bleue - participation du SAAD Les Rochers",
                 ["Madame, Monsieur,", "Le SAAD Les Rochers participera à la Semaine bleue du 5 au 11 octobre : un stand d'information au marché couvert le samedi matin et un atelier « prévention des chutes à domicile » ouvert à tous, le mercredi à 14 h.",
                  "Pourriez-vous nous réserver un emplacement au marché et relayer l'information dans le bulletin municipal ?", closing(2)],
                 "partner", "A public-awareness event with the town hall."))
    return out


def council_reports():
    out = []
    s = SBY["tilleuls"]; st = who(s, "directrice")
    tbl = [["Indicateur", "2024", "2025"], ["Places autorisées", 88, 88], ["Résidents accueillis au 31/12", 85, 86],
           ["Taux d'occupation", "96,1 %", "97 %"], ["Résidents en GIR 1 ou 2", 20, 22], ["GIR moyen pondéré (GMP)", 702, 718],
           ["Âge moyen", "87,2 ans", "87,9 ans"], ["Personnel (ETP)", "61,5", "62,3"]]
    body = ["Madame la Maire, Mesdames et Messieurs les conseillers municipaux,",
            "Veuillez trouver ci-joint le rapport annuel d'activité 2025 de l'EHPAD Résidence des Tilleuls, dont voici les principaux chiffres.",
            "En 2025, l'établissement a accueilli 86 résidents au 31 décembre, dont 22 résidents en GIR 1 ou 2, avec un taux d'occupation de 97 %. Le poids moyen des résidents est resté stable sur l'année et le nombre de chutes a baissé de 12 % grâce au programme de prévention.",
            "Les travaux de rénovation de l'aile des Glycines s'achèveront au printemps.", closing(2)]
    out.append(M(s, st, ["mairie_cab"], "Rapport annuel d'activité 2025", body, "town_council_report",
                 "Anonymous activity figures (counts, GIR distribution, occupancy, average weight): no identity, not personal data.",
                 table=tbl, table_after=body[1],
                 attachments=[dict(name="rapport_activite_2025.pdf", type="application", subtype="pdf",
                                   data=pdf("Rapport annuel d'activité 2025", s, ["Chiffres clés"], tbl,
                                            ["86 résidents, dont 22 résidents en GIR 1 ou 2.", "Taux d'occupation 97 %. Poids moyen stable.",
                                             f"{staff_name(st)}, directrice"]))]))
    s = SBY["stmichel"]; st = who(s, "directrice")
    out.append(M(s, st, ["mairie_cab"], "EHPAD Saint-Michel - bilan d'activité de l'année",
                 ["Monsieur le Maire,", "Voici le bilan de l'année pour le conseil d'administration du CCAS.",
                  "Capacité : 64 lits d'hébergement permanent et 2 places d'hébergement temporaire. Taux d'occupation : 98,4 %. GMP : 736, PMP : 214. 41 % des résidents vivent avec une maladie d'Alzheimer ou apparentée ; 9 résidents sont accueillis en unité protégée.",
                  "Durée moyenne de séjour : 2 ans et 7 mois. 18 admissions et 17 départs, dont 14 décès.", closing(2)],
                 "town_council_report", "Aggregate figures over 64 residents, diseases counted over a group: no one identified."))
    s = SBY["val"]; st = who(s, "coordinatrice")
    out.append(M(s, st, ["ccas_conseil"], "Activité du SSIAD du Val en 2025",
                 ["Mesdames et Messieurs les conseillers,", "Le SSIAD du Val (42 places) a suivi 61 patients dans l'année, âgés en moyenne de 84 ans, pour 9 200 passages d'aides-soignantes à domicile.",
                  "Le délai moyen de prise en charge est de 9 jours ; 7 demandes n'ont pu être satisfaites faute de place. L'équipe compte 14 aides-soignantes et une infirmière coordinatrice.", closing(0)],
                 "town_council_report", "Activity counts of a SSIAD; no identity."))
    s = SBY["rochers"]; st = who(s, "gérant")
    out.append(M(s, st, ["mairie_cab"], "SAAD Les Rochers - chiffres de l'année pour le bulletin municipal",
                 ["Bonjour,", "Pour l'article du bulletin municipal, voici nos chiffres 2025 : 148 personnes accompagnées, dont 96 bénéficiaires de l'APA, 12 400 heures d'intervention, 31 salariés dont 26 auxiliaires de vie.",
                  "La moyenne d'âge des personnes aidées est de 82 ans ; 70 % vivent seules.", closing(1)],
                 "town_council_report", "Counts over 148 people, allowance counted over a group: no identity."))
    s = SBY["pins"]; st = who(s, "directeur")
    out.append(M(s, st, ["mairie_spl"], "IME Les Pins - rapport d'activité pour le conseil municipal",
                 ["Madame le Maire,", "L'IME Les Pins a accueilli 48 enfants et adolescents de 6 à 20 ans en 2025, dont 12 en internat de semaine. 15 demandes d'admission sont en attente.",
                  "Six jeunes ont rejoint un ESAT ou une entreprise adaptée à la sortie. Le projet de rénovation de l'internat a obtenu le soutien de l'ARS.", closing(2)],
                 "town_council_report", "Counts over the children received; nobody named."))
    s = SBY["adour"]; st = who(s, "directeur")
    out.append(M(s, st, ["mairie_mdm"], "ESAT Les Ateliers de l'Adour - rapport annuel",
                 ["Madame, Monsieur,", "En 2025, l'ESAT a accompagné 62 travailleurs (58 ETP) dans quatre ateliers : espaces verts, conditionnement, blanchisserie, menuiserie. Le chiffre d'affaires commercial atteint 1,12 M€.",
                  "Cinq travailleurs ont signé un contrat en milieu ordinaire. Merci pour la confiance de la ville, premier client de l'atelier espaces verts.", closing(1)],
                 "town_council_report", "Anonymous figures of an ESAT."))
    # TRAP
    s = SBY["stmichel"]; st = who(s, "directrice")
    out.append(M(s, st, ["ccas_conseil"], "Profil des résidents accueillis - précisions demandées",
                 ["Madame, Monsieur,", "Suite à votre question lors du dernier conseil : la moyenne d'âge de nos résidents est de 88 ans.",
                  "Notre seul résident de moins de 60 ans est M. Didier Pomès, 52 ans, ancien conseiller municipal de Narrosse, atteint d'une sclérose en plaques et accueilli par dérogation depuis 2023.", closing(0)],
                 "town_council_report",
                 "Trap: the 'statistic' singles out one resident by name with his disease, to a town council outside MSSanté: block.",
                 verdict="block", cared_for=["Didier Pomès"], health=["sclérose en plaques"]))
    s = SBY["cotelandes"]; st = who(s, "communication")
    tbl = [["Activité", "2025"], ["Séjours en médecine, chirurgie, obstétrique", "31 540"], ["Passages aux urgences", "48 210"],
           ["Naissances", "1 214"], ["Consultations externes", "162 800"], ["Taux d'occupation des lits de médecine", "91 %"]]
    out.append(M(s, st, ["mairie_cab"], "Chiffres clés 2025 du centre hospitalier",
                 ["Madame, Monsieur,", "Pour le conseil de surveillance et le bulletin municipal, voici les chiffres clés 2025 de l'établissement.",
                  closing(2)],
                 "town_council_report", "Hospital-wide activity counts.", table=tbl))
    s = SBY["sablar"]; st = who(s, "psychiatre")
    tbl = [["Indicateur", "2025"], ["File active", "1 240"], ["Nouveaux patients", "318"], ["Délai moyen de premier rendez-vous infirmier", "11 jours"],
           ["Délai moyen de premier rendez-vous médical", "38 jours"]]
    out.append(M(s, st, ["mairie"], "CMP du Sablar - activité 2025 pour le conseil local de santé mentale",
                 ["Madame, Monsieur,", "En vue du prochain conseil local de santé mentale, voici les données d'activité 2025 du CMP du Sablar. Le rapport complet est joint.",
                  closing(1)],
                 "town_council_report", "A CMP's aggregate activity; the structure's type in its own name says nothing about anyone.",
                 table=tbl, attachments=[dict(name="activite_CMP_2025.pdf", type="application", subtype="pdf",
                                               data=pdf("Activité 2025 du CMP du Sablar", s, ["Données agrégées, aucune donnée individuelle."], tbl))]))
    return out


NEWS_ITEMS = {
    "tilleuls": ["Travaux : l'aile des Glycines rouvrira au printemps avec 14 chambres rénovées.",
                 "Bienvenue à Hélène Castaing, notre nouvelle cadre de santé, et à Thierry Lamarque, responsable technique.",
                 "À vos agendas : fête de printemps le 11 avril, sortie au lac d'Hossegor en juin."],
    "stmichel": ["Le jardin thérapeutique est terminé : bacs surélevés, allées accessibles, potager partagé.",
                 "Stéphanie Lartigau, infirmière coordinatrice, présentera le projet d'établissement au CVS du 20 mars.",
                 "Les horaires de visite d'hiver s'appliquent dès le 1er décembre."],
    "pins": ["L'atelier cuisine a préparé le buffet du forum des associations.",
             "Séjour à la montagne : 10 jeunes et 4 éducateurs sont partis à Gourette en février.",
             "Nouvelle ligne du secrétariat : 05 58 91 44 10, du lundi au vendredi."],
    "cotelandes": ["Le nouveau bâtiment de médecine ouvre ses portes en octobre.",
                   "Recrutement : infirmiers, aides-soignants, techniciens ; rejoignez-nous !",
                   "Le parking visiteurs P2 devient gratuit les 30 premières minutes."],
    "rochers": ["Nos auxiliaires de vie ont suivi la formation « prévention des chutes à domicile ».",
                "Le bureau déménage au 8 chemin des Rochers en janvier.",
                "Nous recrutons toute l'année : CDI, temps choisi, véhicule de service."],
    "adour": ["Atelier espaces verts : contrats d'entretien annuels à prix fixes.",
              "Blanchisserie : nouveau tunnel de finition, délai de 48 h.",
              "Menuiserie : nichoirs et jardinières disponibles à la boutique."],
    "val": ["Le SSIAD du Val intervient désormais sur la commune de Yzosse.",
            "Isabelle Dupouy, infirmière coordinatrice, est joignable au 05 58 56 12 70.",
            "Assemblée générale de l'association le 12 mars à 18 h."],
    "sablar": ["Nouveaux horaires d'accueil du CMP : du lundi au vendredi, de 9 h à 17 h 30.",
               "Conférence grand public le 15 octobre à la médiathèque.",
               "Le numéro national de prévention du suicide 3114 est joignable 24 h/24."],
}


def newsletters():
    out = []
    plan = [("tilleuls", [("", READERS[0])], "La Gazette des Tilleuls n° 12", "directrice", "remote", []),
            ("stmichel", [("", a) for a in FAMILIES[3:6]], "Lettre d'information de l'EHPAD Saint-Michel - automne", "secrétaire", "cid", ["Stéphanie Lartigau"]),
            ("pins", [("", READERS[1])], "Les Pins infos - février", "secrétaire", "remote", []),
            ("cotelandes", [("", READERS[2])], "L'actu du CH Côte Landes", "communication", "remote", []),
            ("rochers", [("", READERS[3])], "La lettre des Rochers", "secteur", "cid", []),
            ("adour", [EXT["entreprise"][:2], EXT["copro"][:2]], "Les Ateliers de l'Adour - offres de printemps", "commerciale", "remote", []),
            ("val", [EXT["mairie"][:2], EXT["amis"][:2]], "Des nouvelles du SSIAD du Val", "coordinatrice", "cid", ["Isabelle Dupouy"]),
            ("sablar", [EXT["mediatheque"][:2], EXT["mairie"][:2]], "Lettre du CMP du Sablar aux partenaires", "cadre", "remote", [])]
    for key, to, subj, fn, pixel, extra_staff in plan:
        s = SBY[key]; st = who(s, fn)
        items = NEWS_ITEMS[key]
        staff = list(extra_staff)
        if key == "tilleuls":
            staff += ["Hélène Castaing", "Thierry Lamarque"]
        out.append(M(s, st, to, subj, [f"{subj}", *[f"• {x}" for x in items],
                                       "Pour ne plus recevoir cette lettre, répondez « désabonnement ».", closing(4)],
                     "newsletter", "A newsletter with the structure's logo and a tracking pixel; staff and events only.",
                     staff=staff, logo=True, pixel=pixel, style_pref=["outlook", "gmail", "roundcube", "thunderbird", "apple"][len(out) % 5]))
    s = SBY["cotelandes"]; st = who(s, "communication")
    out.append(M(s, st, [DIR_GP], "Lettre aux médecins de ville - nouveaux contacts",
                 ["Chères consœurs, chers confrères,", "Le secrétariat de cardiologie change de numéro : 05 58 91 49 12. La ligne directe des médecins urgentistes pour les médecins traitants reste le 05 58 91 48 99.",
                  "Arrivées : Dr Hugo Lanne, pneumologue ; Dr Céline Bergès, gériatre, responsable de l'équipe mobile de gériatrie.", closing(0)],
                 "newsletter", "A letter to a GP (MSSanté, health professional) with the hospital's logo; professionals' names and numbers only.",
                 staff=["Hugo Lanne", "Céline Bergès"], logo=True, pixel=None, from_addr="communication@ch-cotelandes.mssante.fr",
                 extra_ident=["05 58 91 49 12", "05 58 91 48 99"], style_pref="outlook"))
    return out


def dt(y, mo, d, hh, mm=0):
    return datetime.datetime(y, mo, d, hh, mm)


def meetings():
    out = []
    plan = [
        ("tilleuls", "directrice", ["batilandes", "chauffage"], "Réunion de chantier n° 7 - chaufferie", dt(2026, 10, 6, 9, 30), 90,
         "Salle Pasteur, EHPAD Résidence des Tilleuls, 3 avenue de la Gare, 40100 Dax",
         "Ordre du jour :\n1. Avancement du lot chauffage\n2. Planning de la coupure d'eau chaude, aile A\n3. Points divers\nMerci de vous présenter à l'accueil.",
         ["Thierry Lamarque"]),
        ("stmichel", "directrice", [("Mme Brigitte Lamaison", "brigitte.lamaison@wanadoo.fr"), ("M. Jean-Pierre Castets", "jp.castets@gmail.com")],
         "Conseil de la vie sociale - séance de printemps", dt(2026, 3, 20, 14, 30), 120, "Salle Pasteur, rez-de-chaussée",
         "Ordre du jour : bilan des animations, menus d'été, travaux du jardin, questions des familles ; compte rendu de la séance précédente joint.",
         ["Aurélie Mora"]),
        ("cotelandes", "achats", ["medicalog"], "Rencontre fournisseur - consommables 2027", dt(2026, 11, 18, 10), 60,
         "Direction des achats, bâtiment administratif, 2 boulevard Yves du Manoir, Dax",
         "Présentation des évolutions de gamme, conditions tarifaires 2027, délais de livraison ; apportez le catalogue.", []),
        ("pins", "directeur", ["mairie_spl"], "Transport partagé du mercredi - point d'étape", dt(2026, 4, 8, 16), 60,
         "IME Les Pins, salle de réunion du bâtiment A",
         "Bilan du premier trimestre de la navette, horaires de la rentrée, répartition des coûts (convention du 4 janvier).", ["Karim Haddad"]),
        None,  # the trap, below
        ("adour", "commerciale", ["entreprise"], "Visite de l'atelier conditionnement", dt(2026, 2, 12, 10), 90,
         "ESAT Les Ateliers de l'Adour, ZA de Peyrouat, 7 rue des Artisans, Mont-de-Marsan",
         "Visite de l'atelier, présentation des capacités (4 200 coffrets par jour), échantillons ; équipements de sécurité fournis.", ["Mathieu Bordes"]),
        ("val", "coordinatrice", [DIR_APA], "Comité de pilotage de la filière domicile", dt(2026, 6, 2, 14), 120,
         "Salle du conseil, mairie de Narrosse",
         "Bilan des délais de prise en charge, articulation SSIAD, SAAD et équipe APA, calendrier de l'évaluation externe.", []),
        ("rochers", "gérant", ["formasoins"], "Préparation de la formation manutention", dt(2026, 1, 21, 11), 45,
         "Visioconférence (lien envoyé la veille)", "Contenu des deux journées, liste des participants, salle et matériel (lit médicalisé de démonstration).",
         ["Nathalie Barrère"]),
        ("cotelandes", "formation", ["ifsi"], "Réunion des tuteurs de stage - promotion 2026", dt(2026, 9, 15, 13, 30), 120,
         "Salle Pasteur, IFSI de Dax", "Accueil des étudiants de 2e année, portfolio, évaluations de mi-stage ; les cadres de santé des unités sont invités.",
         []),
    ]
    for i, p in enumerate(plan):
        if p is None:
            s = SBY["tilleuls"]; st = who(s, "cadre de santé")
            start = dt(2026, 5, 19, 15)
            cal = ics(f"tilleuls-pp-20260519@{s['domain']}", "Projet personnalisé de M. Henri Lambert", start,
                      start + datetime.timedelta(hours=1), "Salle Pasteur",
                      "Réunion de projet personnalisé de M. Henri Lambert avec son fils.\nPoints : perte de poids de 4 kg depuis mars, "
                      "troubles de la déglutition (avis de l'orthophoniste), adaptation des textures, risque de chute.",
                      (staff_name(st), staff_addr(s, st)), [("M. Olivier Lambert", "olivier.lambert40@gmail.com")])
            out.append(M(s, st, [("M. Olivier Lambert", "olivier.lambert40@gmail.com")], "Invitation : projet personnalisé de votre père",
                         ["Bonjour Monsieur Lambert,", "Je vous propose de faire le point sur le projet personnalisé de votre père le mardi 19 mai à 15 h ; l'invitation est jointe.",
                          closing(0)],
                         "meeting_invitation",
                         "Trap: the invitation's DESCRIPTION gives a resident's weight loss and swallowing disorder, sent to his son's gmail address (unknown role, outside MSSanté): block.",
                         verdict="block", purpose="medico_social_follow_up", cared_for=["Henri Lambert"], health=["perte de poids de 4 kg", "troubles de la déglutition"],
                         attachments=[dict(name="invitation.ics", type="text", subtype="calendar", charset="utf-8",
                                           params={"method": "REQUEST"}, data=cal.encode("utf-8"))]))
            continue
        key, fn, to, summary, start, mins, loc, desc, extra = p
        s = SBY[key]; st = who(s, fn)
        tos = [ext(t) if isinstance(t, str) and t in EXT else (t if isinstance(t, tuple) else ("", t)) for t in to]
        atts = [(nm or ad, ad) for nm, ad in tos]
        cal = ics(f"{key}-{start:%Y%m%dT%H%M}-{i}@{s['domain']}", summary, start, start + datetime.timedelta(minutes=mins),
                  loc, desc, (staff_name(st), staff_addr(s, st)), atts + [(x, staff_addr(s, next(t for t in s["staff"] if plain_name(t) == x))) for x in extra])
        kw = {}
        if key == "cotelandes" and i == 2:
            kw = dict(ics_inline=cal, style_pref="outlook",
                      attachments=[dict(name="invite.ics", type="application", subtype="ics", data=cal.encode("utf-8"))])
        else:
            kw = dict(attachments=[dict(name="invitation.ics", type="text", subtype="calendar", charset="utf-8",
                                        params={"method": "REQUEST"}, data=cal.encode("utf-8"))])
        if key == "val":
            kw["from_addr"] = "coordination@ssiad-duval.mssante.fr"
        out.append(M(s, st, to, f"Invitation : {summary}",
                     [greet(i), f"Vous êtes invité(e) : {summary}, le {start:%d/%m/%Y} à {start:%H:%M}, {loc}.", desc, closing(i)],
                     "meeting_invitation", "A meeting invitation (.ics) with organizer, attendees and a room; no person cared for.",
                     staff=extra, extra_text=["Salle Pasteur"] if "Salle Pasteur" in loc else [], **kw))
    return out


def contact_cards():
    out = []
    plan = [
        ("tilleuls", ["directrice", "cadre de santé"], "auditeur", "3.0", "Évaluation externe - nos coordonnées",
         "Pour préparer l'évaluation externe, voici nos fiches contact : la mienne et celle de la cadre de santé, référente qualité."),
        ("stmichel", ["comptable"], "cac", "4.0", "Coordonnées du service comptable",
         "Comme convenu, voici ma fiche contact pour la clôture des comptes."),
        ("pins", ["chef de service"], "ecole", "3.0", "Coordonnées pour le projet commun",
         "Je vous transmets ma carte de visite ; n'hésitez pas à m'appeler pour organiser les premières rencontres."),
        ("adour", ["commerciale"], "entreprise", "4.0", "Votre nouvel interlocuteur commercial",
         "Je suis désormais votre interlocutrice pour les prestations de conditionnement ; vous trouverez ma fiche contact ci-jointe."),
        ("val", ["coordinatrice", "secrétaire"], "mairie", "3.0", "Contacts du SSIAD du Val",
         "Pour l'annuaire des services de la commune, voici nos contacts à jour."),
        ("rochers", ["gérant"], "banque", "4.0", "Fiche contact - SAAD Les Rochers",
         "Suite à notre rendez-vous, voici mes coordonnées professionnelles."),
        None,
        ("cotelandes", ["ingénieur"], "electricite", "3.0", "Contact des services techniques",
         "Pour la suite du chantier, vous pouvez me joindre directement ; fiche contact ci-jointe."),
        ("sablar", ["cadre", "secrétaire"], "mediatheque", "4.0", "Contacts pour la conférence d'octobre",
         "Voici nos coordonnées pour l'organisation de la conférence."),
    ]
    for i, p in enumerate(plan):
        if p is None:
            s = SBY["stmichel"]; st = who(s, "infirmière coordinatrice")
            card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bordenave;Germaine;;Mme;\r\nFN:Germaine Bordenave\r\n"
                    "ADR;TYPE=HOME:;;Chambre 9\\, EHPAD Saint-Michel\\, 14 rue Saint-Michel;Dax;;40100;France\r\n"
                    "TEL;TYPE=HOME:05 58 74 60 09\r\n"
                    + fold("NOTE:Dialyse au centre hospitalier les lundi\\, mercredi et vendredi à 7 h 30. Se déplace en fauteuil roulant"
                           "\\, diabétique insulino-dépendante : prévoir une collation.") + "\r\nEND:VCARD\r\n")
            out.append(M(s, st, ["taxi"], "Transports de Mme Bordenave - fiche contact",
                         ["Bonjour,", "Pour organiser les transports réguliers de Mme Germaine Bordenave, voici sa fiche contact avec les consignes.",
                          closing(1)],
                         "contact_card",
                         "Trap: the vCard's NOTE gives a resident's dialysis, wheelchair and insulin-dependent diabetes, sent to a taxi company outside MSSanté: block.",
                         verdict="block", cared_for=["Germaine Bordenave"], health=["Dialyse", "diabétique insulino-dépendante"],
                         attachments=[dict(name="Germaine Bordenave.vcf", type="text", subtype="vcard", charset="utf-8", data=card.encode("utf-8"))]))
            continue
        key, fns, to, ver, subj, text = p
        s = SBY[key]
        people = [who(s, f) for f in fns]
        cards = ""
        for j, st in enumerate(people):
            first, last = st[0].replace("Dr ", ""), st[1]
            mobile = f"06 {RNG.randint(10, 99)} {RNG.randint(10, 99)} {RNG.randint(10, 99)} {RNG.randint(10, 99)}" if j == 0 else None
            cards += vcard(ver, first, last, s["name"], s.get("parent") or "", st[2], s, s["phone"], mobile,
                           staff_addr(s, st), note="Standard du lundi au vendredi, 9 h - 17 h" if j == 0 else None, url=s.get("web"))
        fname = f"{people[0][0]} {people[0][1]}.vcf" if len(people) == 1 else "contacts.vcf"
        out.append(M(s, people[0], [to], subj, [greet(i), text, closing(i)], "contact_card",
                     f"Contact card(s) (vCard {ver}) of staff: FN, ORG, TITLE, ADR, TEL of the structure; no person cared for.",
                     staff=[plain_name(x) for x in people],
                     attachments=[dict(name=fname, type="text", subtype="vcard" if ver == "4.0" else "x-vcard", charset="utf-8",
                                       data=cards.encode("utf-8"))]))
    return out


def job_postings():
    out = []
    plan = [
        ("tilleuls", "ressources humaines", "francetravail", "Aide-soignant(e) de nuit - CDI temps plein",
         "Nous recrutons un(e) aide-soignant(e) de nuit en CDI, temps plein (10 nuits de 10 h sur 14 jours), poste à pourvoir au 1er mars. Diplôme d'État d'aide-soignant exigé. Rémunération selon la convention collective du 31 octobre 1951, reprise d'ancienneté.", False),
        ("stmichel", "directrice", "indeed", "Infirmier(e) diplômé(e) d'État - CDI",
         "L'EHPAD Saint-Michel (66 lits, centre-ville de Dax) recrute un(e) IDE en CDI à 80 ou 100 %, en journée de 7 h 30, un week-end sur trois. Équipe stable, médecin coordonnateur présent trois jours par semaine.", False),
        ("pins", "directeur", "indeed", "Éducateur(trice) spécialisé(e) - internat",
         "L'IME Les Pins recrute un(e) éducateur(trice) spécialisé(e) pour son internat de semaine (CDI, 1 ETP, horaires d'internat). Expérience auprès d'adolescents souhaitée. Permis B indispensable.", False),
        ("adour", "ressources humaines", "francetravail", "Moniteur(trice) d'atelier espaces verts",
         "L'ESAT recrute un(e) moniteur(trice) d'atelier espaces verts (CDI). Vous encadrez une équipe de 8 travailleurs sur les chantiers d'entretien. CAPa ou BP aménagements paysagers, permis BE apprécié. Fiche de poste jointe.", True),
        ("val", "coordinatrice", "ifsi", "Offre d'emploi aide-soignant(e) à domicile - diffusion aux élèves",
         "Pourriez-vous diffuser auprès des élèves aides-soignants en fin de formation notre offre : deux postes d'aide-soignant(e) à domicile en CDI, véhicule de service fourni, tournées de 7 h à 13 h et de 17 h à 19 h 30.", False),
        ("rochers", "gérant", "francetravail", "Auxiliaires de vie - plusieurs postes",
         "Le SAAD Les Rochers recrute six auxiliaires de vie (CDI, 24 à 35 h, secteurs de Dax et Saint-Paul-lès-Dax). Débutant(e)s accepté(e)s, formation interne assurée. Indemnités kilométriques et téléphone professionnel.", False),
        ("cotelandes", "ressources humaines", "indeed", "Technicien(ne) biomédical(e)",
         "Le Centre hospitalier de la Côte Landes recrute un(e) technicien(ne) biomédical(e), titulaire ou contractuel(le), catégorie B. Maintenance du parc (4 800 équipements), gestion des contrats, participation aux astreintes. Fiche de poste jointe.", True),
        ("sablar", "cadre", "ifsi", "Poste infirmier en CMP adultes",
         "Le CMP du Sablar recrute un(e) infirmier(e) pour l'équipe adulte : accueil, entretiens infirmiers, visites à domicile, travail en réseau avec les partenaires. Poste en journée du lundi au vendredi. Les étudiants de 3e année peuvent nous contacter.", False),
        ("tilleuls", "ressources humaines", "indeed", "Agent de cuisine - contrat saisonnier juillet-août",
         "Nous recherchons un(e) agent de cuisine pour l'été (CDD du 1er juillet au 31 août, 35 h). Préparation des entrées et desserts, plonge, service en salle à manger. Expérience en restauration collective appréciée.", False),
    ]
    for i, (key, fn, to, title, text, with_pdf) in enumerate(plan):
        s = SBY[key]; st = who(s, fn)
        atts = []
        if with_pdf:
            atts.append(dict(name=f"fiche_de_poste_{i}.pdf", type="application", subtype="pdf",
                             data=pdf(f"Fiche de poste : {title}", s, textwrap.wrap(text, 95) +
                             [f"Candidatures : {staff_name(st)}, {staff_addr(s, st)}"])))
        out.append(M(s, st, [to], f"Offre d'emploi : {title}",
                     [greet(i), text, f"Candidature (CV et lettre) à adresser à {staff_name(st)}, {st[2]}, {staff_addr(s, st)}.", closing(i)],
                     "job_posting", "A job posting with the recruiter's contacts; no person cared for.", attachments=atts))
    return out


def trainings():
    out = []
    plan = [
        ("tilleuls", "ressources humaines", "formasoins", "Inscriptions - formation gestes et postures",
         "Nous inscrivons les agents suivants à la formation « gestes et postures - manutention des personnes » des 9 et 10 février, dans nos locaux (salle Pasteur) :", 6),
        ("stmichel", "directrice", "formasoins", "Convention de formation bientraitance",
         "Veuillez trouver ci-joint la convention signée pour la formation « bientraitance et prévention de la maltraitance » (2 jours, 12 participants). Participants du premier groupe :", 5),
        ("cotelandes", "formation", "incendie", "Formation sécurité incendie - planning des sessions",
         "Voici le planning des sessions de formation incendie (manipulation des extincteurs, évacuation horizontale) pour le second semestre ; l'invitation de la première session est jointe. Référents d'étage inscrits :", 4),
        ("pins", "chef de service", "formasoins", "Formation « gestion des comportements-problèmes »",
         "Nous confirmons la formation intra « comprendre et prévenir les comportements-problèmes » pour l'équipe éducative, les 12 et 13 novembre. Participants :", 5),
        ("rochers", "secteur", "formasoins", "Formation manutention et transferts à domicile",
         "Nous inscrivons les auxiliaires de vie suivantes à la session « transferts et aides techniques à domicile » du 3 mars :", 4),
        ("val", "coordinatrice", "formasoins", "Formation hygiène et prévention des infections",
         "Merci de réserver six places pour la formation « hygiène des mains et précautions standard » du 22 septembre, pour les aides-soignantes suivantes :", 4),
        ("adour", "ressources humaines", "incendie", "Formation sauveteur secouriste du travail (SST)",
         "Nous souhaitons organiser une session initiale SST pour quatre moniteurs d'atelier en janvier. Salariés concernés :", 4),
        None,
        ("sablar", "cadre", "formasoins", "Formation prévention et gestion de la violence",
         "L'équipe du CMP souhaite suivre la formation « prévenir et gérer les situations de tension à l'accueil ». Agents inscrits :", 4),
    ]
    for i, p in enumerate(plan):
        if p is None:
            s = SBY["tilleuls"]; st = who(s, "cadre de santé")
            out.append(M(s, st, ["formasoins"], "Formation chutes - cas pratique pour la journée du 14",
                         ["Bonjour,", "Pour l'étude de cas de la formation « prévention des chutes », voici une situation réelle que l'équipe souhaite travailler :",
                          "M. Roger Blanc, 86 ans, chambre 8, maladie de Parkinson évoluée, trois chutes nocturnes en un mois, traité par Modopar et zolpidem.",
                          "Merci de l'intégrer au support.", closing(0)],
                         "training",
                         "Trap: a 'case study' names a resident with his disease, falls and drugs and goes to a training body outside MSSanté: block.",
                         verdict="block", cared_for=["Roger Blanc"], health=["maladie de Parkinson", "Modopar"]))
            continue
        key, fn, to, subj, text, n = p
        s = SBY[key]; st = who(s, fn)
        emps = employees(n, s)
        lst = "\n".join(f"- {f} {l}, {job}" for f, l, job in emps)
        atts = []
        if key == "stmichel":
            atts.append(dict(name="convention_bientraitance.pdf", type="application", subtype="pdf",
                             data=pdf("Convention de formation professionnelle", s,
                                      ["Organisme : Formasoins Aquitaine", "Action : bientraitance et prévention de la maltraitance",
                                       "Durée : 2 jours (14 heures), 12 participants", f"Pour l'établissement : {staff_name(st)}, {st[2]}"])))
        if key == "cotelandes":
            start = dt(2026, 9, 24, 9)
            cal = ics(f"incendie-{start:%Y%m%d}@{s['domain']}", "Formation sécurité incendie - session 1", start,
                      start + datetime.timedelta(hours=3), "Salle Pasteur, bâtiment administratif",
                      "Manipulation des extincteurs sur feu réel (parking P3), puis évacuation horizontale.\nTenue de travail ; prévoir des chaussures fermées.",
                      (staff_name(st), staff_addr(s, st)), [(EXT["incendie"][0], EXT["incendie"][1])] +
                      [(f"{f} {l}", f"{ascii_local(f)}.{ascii_local(l)}@{s['domain']}") for f, l, _ in emps])
            atts.append(dict(name="formation_incendie.ics", type="text", subtype="calendar", charset="utf-8",
                             params={"method": "REQUEST"}, data=cal.encode("utf-8")))
        out.append(M(s, st, [to], subj, [greet(i), text, lst, closing(i)], "training",
                     "Staff training: the participants are employees; no person cared for.",
                     staff=[f"{f} {l}" for f, l, _ in emps], attachments=atts))
    return out


def quotes():
    out = []
    plan = [
        ("tilleuls", "directrice", "chauffage", "Bon pour accord - devis D-2026-118 remplacement de la chaudière", True,
         [("CH-01", "Chaudière gaz à condensation 250 kW", 1, 38500.0), ("CH-02", "Dépose et évacuation de l'existante", 1, 4200.0),
          ("CH-03", "Mise en service et réglages", 1, 1600.0)],
         "Nous acceptons votre devis D-2026-118 ; vous trouverez ci-joint le bon pour accord signé. Les travaux pourront débuter le 13 octobre."),
        ("stmichel", "hôtelier", "traiteur", "Demande de devis - repas de la fête de printemps", False,
         [("TR-01", "Buffet froid, 180 couverts", 180, 14.5), ("TR-02", "Boissons sans alcool", 180, 1.8)],
         "Pourriez-vous nous adresser un devis pour le buffet de la fête de printemps, samedi 11 avril, environ 180 convives (résidents, familles, personnel), textures adaptées possibles pour une partie des plats ?"),
        ("pins", "entretien", "batilandes", "Devis réfection du préau - acceptation", True,
         [("TO-01", "Dépose et repose de tuiles, 40 m²", 40, 48.0), ("TO-02", "Remplacement de liteaux", 1, 620.0)],
         "Le directeur a validé votre devis ; bon pour accord joint. Merci d'intervenir pendant les vacances de printemps, l'IME étant fermé du 20 au 24 avril."),
        ("adour", "commerciale", "copro", "Devis d'entretien des espaces verts de la résidence Les Chênes", True,
         [("EV-01", "Tonte, 14 passages par an", 14, 180.0), ("EV-02", "Taille des haies, 2 passages", 2, 520.0),
          ("EV-03", "Ramassage des feuilles, novembre", 1, 340.0)],
         "Suite à votre demande, veuillez trouver ci-joint notre devis pour l'entretien annuel des espaces verts de la copropriété. Nos prestations ouvrent droit, pour vos clients professionnels, à la déduction de la contribution AGEFIPH."),
        ("val", "administratif", "bureau", "Devis location photocopieur multifonction", False,
         [("PH-01", "Location photocopieur couleur A3, 60 mois", 60, 89.0), ("PH-02", "Coût copie noir", 1, 0.006)],
         "Nous avons bien reçu votre devis de location de photocopieur. Pourriez-vous préciser le coût des copies couleur et les conditions de fin de contrat ?"),
        ("rochers", "gérant", "imprimeur", "Devis flyers Semaine bleue", False,
         [("FL-A5", "Flyers A5 recto-verso, 2 000 ex.", 2000, 0.045), ("AF-A3", "Affiches A3, 20 ex.", 20, 2.1)],
         "Merci pour votre devis ; nous le validons pour les flyers et les affiches de la Semaine bleue. Le fichier final vous sera envoyé lundi."),
        ("cotelandes", "achats", "medicalog", "Consultation 2027-004 - bordereau de prix", True,
         [("L1-01", "Lingettes désinfectantes, boîte de 100", 1, 0.0), ("L1-02", "Sacs à déchets 30 L, rouleau", 1, 0.0)],
         "Dans le cadre de la consultation 2027-004, veuillez compléter le bordereau de prix joint et le retourner avant le 15 décembre, 12 h, par la plateforme de dématérialisation."),
        ("sablar", "agent administratif", "bureau", "Devis mobilier - bureau d'entretien", True,
         [("BU-01", "Bureau 140 x 70", 1, 260.0), ("FA-02", "Fauteuils visiteurs", 3, 95.0)],
         "Suite à votre visite, nous acceptons le devis pour le mobilier du second bureau d'entretien ; bon pour accord joint."),
        ("tilleuls", "technique", "ascenseurs", "Devis modernisation de l'ascenseur B", True,
         [("AS-01", "Remplacement de l'armoire de commande", 1, 14800.0), ("AS-02", "Portes palières automatiques, 3 niveaux", 3, 3900.0)],
         "Suite aux pannes répétées, la direction a validé votre devis de modernisation de l'ascenseur B. Merci de nous proposer un planning limitant l'arrêt de l'appareil à deux semaines."),
    ]
    for i, (key, fn, to, subj, with_pdf, items, text) in enumerate(plan):
        s = SBY[key]; st = who(s, fn)
        rows, tot = order_rows(items)
        atts = []
        if with_pdf:
            atts.append(dict(name=f"bon_pour_accord_{i}.pdf", type="application", subtype="pdf",
                             data=pdf(subj, s, [f"Destinataire : {EXT[to][2]}, {EXT[to][3]}"], rows,
                                      [f"Total HT : {money(tot)}", f"Bon pour accord, le 2 mars 2026 - {staff_name(st)}, {st[2]}",
                                       f"SIRET {fmt_siret(s['siret'])} - FINESS {s['finess']}"])))
        out.append(M(s, st, [to], subj, [greet(i), text, closing(i)], "supplier_quote",
                     "A supplier's quote requested or accepted; amounts, companies and the structure's identifiers only.",
                     table=rows, attachments=atts))
    return out


# ─── the two e-mails of corpus/cases/docs/whose (care messages, labelled in whose.toml) ───────


def whose_mails(out):
    """A physician's e-mail to a resident's son (Gmail-shaped HTML, inline logo) and a
    consultation invitation (.ics) about a patient, written for corpus/cases/whose.toml."""
    os.makedirs(out, exist_ok=True)
    s = SBY["stmichel"]
    st = ("Dr Anne", "Cassagne", "médecin coordonnateur", "medco")
    m = dict(s=s, sender=st, to=[("Jean-Pierre Castets", "jp.castets@gmail.com")],
             subject="Des nouvelles de votre mère", style="gmail", logo=True, sigvariant=0,
             paras=["Bonjour Monsieur Castets,",
                    "Je vous donne des nouvelles de votre mère, Mme Odette CASTETS. Elle a présenté la semaine dernière "
                    "une pneumopathie, traitée par amoxicilline pendant 7 jours ; elle n'a plus de fièvre depuis lundi.",
                    "Elle a perdu du poids : 48 kg contre 52 kg en janvier. Nous avons mis en place des compléments nutritionnels.",
                    "Je peux vous recevoir jeudi après-midi si vous le souhaitez.", "Bien cordialement,"],
             date=paris(datetime.datetime(2026, 11, 3, 18, 12, 5)))
    with open(os.path.join(out, "mail_medecin_famille.eml"), "wb") as f:
        f.write(build(900, m))
    s = SBY["cotelandes"]
    st = ("Nadège", "Pontacq", "secrétaire médicale", "hdj.geriatrie")
    start = datetime.datetime(2026, 6, 16, 9, 30)
    cal = ics("hdj-20260616-0930-faget@ch-cotelandes.fr", "Consultation mémoire - Mme Odile FAGET", start,
              start + datetime.timedelta(hours=3),
              "Salle Pasteur, hôpital de jour gériatrique, Centre hospitalier de la Côte Landes",
              "Bilan de troubles cognitifs (MMS 18/30 en mai).\nApporter l'ordonnance en cours et le dernier bilan sanguin.\n"
              "Venir accompagnée de sa fille, Mme Christine FAGET.",
              ("Nadège Pontacq", "hdj.geriatrie@ch-cotelandes.fr"), [("Christine FAGET", "c.faget@orange.fr")])
    m = dict(s=s, sender=st, to=[("Christine FAGET", "c.faget@orange.fr")], subject="Convocation de votre mère le 16 juin",
             style="plain", sigvariant=1,
             paras=["Madame,", "Veuillez trouver ci-joint la convocation de votre mère à l'hôpital de jour le mardi 16 juin à 9 h 30.",
                    "Cordialement,"],
             attachments=[dict(name="convocation.ics", type="text", subtype="calendar", charset="utf-8",
                               params={"method": "REQUEST"}, data=cal.encode("utf-8"))],
             date=paris(datetime.datetime(2026, 6, 2, 10, 41, 30)))
    with open(os.path.join(out, "invitation_consultation.eml"), "wb") as f:
        f.write(build(901, m))


# ─── main ────────────────────────────────────────────────────────────────────────────────────

STYLES = ["outlook", "thunderbird", "gmail", "apple", "roundcube", "plain"]
KINDS = [purchase_orders, invoices, hr_payroll, facilities, family_events, partners, council_reports,
         newsletters, meetings, contact_cards, job_postings, trainings, quotes]


def paris(d):
    dst = datetime.datetime(2026, 3, 29, 2) <= d < datetime.datetime(2026, 10, 25, 3)
    return d.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=2 if dst else 1)))


def toml_str(x):
    import json
    return json.dumps(x, ensure_ascii=False)


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def main():
    per_kind = [f() for f in KINDS]
    assert all(len(k) == 9 for k in per_kind), [len(k) for k in per_kind]
    msgs = [per_kind[k][j] for j in range(9) for k in range(len(KINDS))]
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".eml"):
            os.remove(os.path.join(OUT, f))
    labels = ["# Labels of corpus/ordinary (see README.md): one [[message]] per file, written with the",
              "# generator (scripts/corpus/gen_ordinary.py) before any tool ran on the messages.", ""]
    for n, m in enumerate(msgs):
        pref = m.get("style_pref")
        style = pref if isinstance(pref, str) else STYLES[(n * 5 + n // 6) % 6]
        if m.get("logo") is None:
            m["logo"] = n % 3 == 0 and style != "plain"
        if m["logo"] and style == "plain":
            style = "outlook"
        if m.get("pixel") and style == "plain":
            style = "gmail"
        m["style"] = style
        if "pixel" not in m and n % 10 == 7 and style != "plain":
            m["pixel"] = "remote"
        m["data_img"] = n % 12 == 5 and style != "plain"
        m["sigvariant"] = n
        m["declare_purpose"] = n % 4 == 1
        day = datetime.datetime(2026, 1, 5) + datetime.timedelta(days=RNG.randint(0, 320), hours=RNG.randint(8, 17),
                                                                 minutes=RNG.randint(0, 59), seconds=RNG.randint(0, 59))
        if day.weekday() >= 5:  # offices write on working days
            day += datetime.timedelta(days=-1 if day.weekday() == 5 else 1)
        m["date"] = paris(day)
        data = build(n, m)
        name = f"{n + 1:03d}_{m['kind']}.eml"
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        ident = list(dict.fromkeys(m["ident"] + m.get("extra_ident", [])))
        labels += ["[[message]]", f"file = {toml_str(name)}", f"kind = {toml_str(m['kind'])}",
                   f"format = {toml_str(m['shape'])}",
                   f"from = {toml_str(m['from'])}", f"to = {toml_list([a for _, a in m['to']])}",
                   f"purpose = {toml_str(m['purpose'])}", f"verdict = {toml_str(m['verdict'])}",
                   f"why = {toml_str(m['why'])}", f"structure = {toml_list(ident)}",
                   f"staff = {toml_list(list(dict.fromkeys(m['staff'])))}"]
        if m.get("extra_text"):
            labels.append(f"other = {toml_list(m['extra_text'])}")
        if m["verdict"] != "pass":
            labels.append(f"cared_for = {toml_list(m['cared_for'])}")
            labels.append(f"health = {toml_list(m['health'])}")
        labels.append("")
    with open(os.path.join(OUT, "labels.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(labels))
    print(f"{len(msgs)} messages written to {OUT}")
    if len(sys.argv) <= 1:
        whose_mails(os.path.join(ROOT, "corpus", "cases", "docs", "whose"))
        print("2 care e-mails written to corpus/cases/docs/whose")


if __name__ == "__main__":
    main()
