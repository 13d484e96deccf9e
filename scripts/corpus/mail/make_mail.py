#!/usr/bin/env python3
"""Generates corpus/mail/*.eml: one message per MIME shape that tamis must read.

Every person, address and identifier is fictional (the NIR has a valid key). Messages are built
with Python's `email` package (the producer), with fixed dates, message ids and boundaries so that
running the script again gives the same bytes. The small PDF is drawn with reportlab
(`invariant=1`: no timestamp or random id in it).

Usage: python3 scripts/corpus/mail/make_mail.py [OUTPUT_DIR]   (default: corpus/mail)
"""

import base64
import io
import os
import struct
import sys
import zipfile
import zlib
from email import charset as email_charset
from email import encoders
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "corpus", "mail")

DATE = "Mon, 10 Mar 2025 09:15:00 +0100"

# Fictional people and mailboxes.
DR_MARTIN = ("Dr Claire Martin", "claire.martin@ch-dieppe.mssante.fr")
IDE_FAURE = ("Sophie Lemaire", "sophie.lemaire@ssiad-caux.mssante.fr")
FAMILLE = ("Jean Dupont", "jean.dupont@gmail.com")
SECRETARIAT = ("Secrétariat cardiologie", "secretariat.cardio@ch-dieppe.mssante.fr")
# NIR 2 56 03 75 112 345, key 97 - (2560375112345 mod 97) = 10.
NIR = "256037511234510"
PATIENT_MSS = f"{NIR}@patient.mssante.fr"

CONSULTATION = """Cher confrère,

J'ai revu en consultation Mme Odile BERNARD, née le 03/03/1956, pour le suivi
de son insuffisance cardiaque. Elle est essoufflée au moindre effort.
TA 14/8, poids : 71 kg. Diabète de type 2 équilibré sous metformine.
Je propose d'augmenter le furosémide à 40 mg par jour.

Bien confraternellement,
Dr Claire Martin
"""

TRANSMISSION = """Transmissions ciblées - SSIAD du Pays de Caux

Usager : M. Lucien FAURE
Escarre talon gauche : pansement hydrocellulaire refait, pas d'écoulement.
Glycémie capillaire 1,80 g/l avant le petit déjeuner.
Poids : 61 kg (63 kg le mois dernier).
"""


def addr(pair):
    """A From/To value whose display name is RFC 2047-encoded in UTF-8 when not ASCII."""
    name, address = pair
    return formataddr((name, address), charset="utf-8")


def headers(msg, subject, sender, to, cc=None, msgid="x"):
    msg["From"] = addr(sender)
    msg["To"] = ", ".join(addr(t) for t in to)
    if cc:
        msg["Cc"] = ", ".join(addr(c) for c in cc)
    msg["Subject"] = subject
    msg["Date"] = DATE
    msg["Message-ID"] = f"<{msgid}@tamis.example>"
    return msg


def utf8_8bit(text, subtype="plain"):
    """A UTF-8 text part sent as 8bit (no transfer encoding)."""
    cs = email_charset.Charset("utf-8")
    cs.body_encoding = None
    part = MIMEText(text, subtype, cs)
    return part


def tiny_pdf(lines):
    """A one-page PDF with `lines` of text."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, pageCompression=0)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def tiny_png():
    """A 2x2 grey PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00\x80\x80\x00\x80\x80"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PDF_LINES = [
    "Compte rendu d'hospitalisation",
    "Patient : M. Lucien FAURE, ne le 22/08/1941",
    "Diagnostic : pneumopathie, insuffisance renale chronique",
]


def write(name, msg_or_bytes):
    data = msg_or_bytes if isinstance(msg_or_bytes, bytes) else msg_or_bytes.as_bytes()
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def plain_utf8():
    msg = utf8_8bit(CONSULTATION)
    return headers(msg, "Suivi de l'insuffisance cardiaque", DR_MARTIN, [SECRETARIAT], msgid="plain")


def latin1_qp():
    # ISO-8859-1 body, quoted-printable (the email package's default for Latin-1).
    msg = MIMEText(
        "Bonjour,\n\nMme Odile BERNARD présente un œdème des membres inférieurs.\n"
        .replace("œ", "oe")
        + "Résultat de l'hémoglobine glyquée : 7,2 %.\nCordialement.\n",
        "plain",
        "iso-8859-1",
    )
    msg["From"] = addr(("Hélène Lefèvre", "helene.lefevre@ch-dieppe.mssante.fr"))
    msg["To"] = addr(DR_MARTIN)
    # Encoded-word subject: =?iso-8859-1?q?...?=
    msg["Subject"] = Header("Résultats : diabète de type 2", "iso-8859-1").encode()
    msg["Date"] = DATE
    msg["Message-ID"] = "<latin1@tamis.example>"
    return msg


HTML_BODY = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Transmission</title>
<style>td { padding: 2px }</style></head>
<body>
<p>Bonjour,</p>
<p>Pour M. Jean Dupont, suivi du <b>diab&egrave;te</b> :
glyc&eacute;mie &agrave; jeun 1,30&nbsp;g/l.</p>
<table><tr><th>Date</th><th>Poids</th></tr>
<tr><td>10/03</td><td>61 kg</td></tr></table>
<!-- brouillon : ne pas envoyer -->
<p>Cordialement,<br>Sophie Lemaire, IDE</p>
</body></html>
"""


def alternative():
    msg = MIMEMultipart("alternative", boundary="==alt-boundary==")
    msg.attach(
        utf8_8bit(
            "Bonjour,\n\nPour M. Jean Dupont, suivi du diabète : glycémie à jeun 1,30 g/l.\n"
            "Poids 61 kg le 10/03.\n\nCordialement,\nSophie Lemaire, IDE\n"
        )
    )
    html = MIMEText(HTML_BODY, "html", "utf-8")  # base64, as mail clients often send HTML
    msg.attach(html)
    return headers(msg, "Transmission IDE", IDE_FAURE, [DR_MARTIN], msgid="alternative")


def mixed_with_attachments():
    msg = MIMEMultipart("mixed", boundary="==mixed-boundary==")
    alt = MIMEMultipart("alternative", boundary="==inner-alt==")
    alt.attach(utf8_8bit("Veuillez trouver ci-joint le compte rendu.\n"))
    alt.attach(utf8_8bit("<p>Veuillez trouver ci-joint le compte rendu.</p>\n", "html"))
    msg.attach(alt)
    # A PDF with an RFC 2231 (non-ASCII) file name.
    pdf = MIMEApplication(tiny_pdf(PDF_LINES), "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "compte-rendu_été.pdf"))
    msg.attach(pdf)
    # A misleading name: "photo.jpg" declared as a JPEG, that is text.
    photo = MIMEBase("image", "jpeg")
    photo.set_payload(TRANSMISSION.encode("utf-8"))
    encoders.encode_base64(photo)
    photo.add_header("Content-Disposition", "attachment", filename="photo.jpg")
    msg.attach(photo)
    # And the other way round: "note.txt" declared as text, that is a PDF.
    note = MIMEBase("text", "plain")
    note.set_payload(tiny_pdf(["Note : patient sous anticoagulant (Previscan)"]))
    encoders.encode_base64(note)
    note.add_header("Content-Disposition", "attachment", filename="note.txt")
    msg.attach(note)
    return headers(msg, "Compte rendu d'hospitalisation", DR_MARTIN, [IDE_FAURE], msgid="mixed")


def related_image():
    msg = MIMEMultipart("related", boundary="==related==")
    msg.attach(
        MIMEText(
            '<html><body><p>Photo de la plaie de M. Lucien FAURE :</p>'
            '<img src="cid:plaie@tamis" alt="plaie"></body></html>',
            "html",
            "utf-8",
        )
    )
    img = MIMEImage(tiny_png(), "png")
    img.add_header("Content-ID", "<plaie@tamis>")
    img.add_header("Content-Disposition", "inline", filename="plaie.png")
    msg.attach(img)
    return headers(msg, "Photo escarre", IDE_FAURE, [DR_MARTIN], msgid="related")


def inline_image_cid():
    """What Thunderbird sends for a photo pasted into an HTML message: alternative[text,
    related[HTML, image]], the image's Content-ID, Content-Location and Content-Description
    made of words (the wound, the patient), referenced from the HTML as `cid:`."""
    cid = "photo-plaie-escarre-sacrum-dupuis@ch-exemple.fr"
    msg = MIMEMultipart("alternative", boundary="==cid-alternative==")
    msg.attach(
        utf8_8bit(
            "Bonjour,\n\nVoici la photo de la plaie de Mme Jeanne DUPUIS, prise ce matin.\n"
            "Pansement refait.\n\nSophie Lemaire, IDE\n"
        )
    )
    related = MIMEMultipart("related", boundary="==cid-related==")
    related.attach(
        MIMEText(
            "<html><body><p>Bonjour,</p>"
            "<p>Voici la photo de la plaie de Mme Jeanne DUPUIS, prise ce matin.</p>"
            f'<p><img src="cid:{cid}" alt="photo" width="2" height="2"></p>'
            "<p>Pansement refait.</p><p>Sophie Lemaire, IDE</p></body></html>",
            "html",
            "utf-8",
        )
    )
    img = MIMEImage(tiny_png(), "png")
    img.add_header("Content-ID", f"<{cid}>")
    img.add_header("Content-Location", "escarre-sacrum-dupuis.png")
    img.add_header("Content-Description", "Escarre sacrum Mme Jeanne DUPUIS")
    img.add_header("Content-Disposition", "inline")
    related.attach(img)
    msg.attach(related)
    return headers(msg, "Suivi de la plaie", IDE_FAURE, [DR_MARTIN], msgid="cid")


def forward_of_forward():
    # Innermost: the original message, with a text attachment holding health data.
    inner = MIMEMultipart("mixed", boundary="==inner==")
    inner.attach(utf8_8bit("Voici le bilan de M. Lucien FAURE.\n"))
    bilan = MIMEText(
        "Bilan biologique du 10/03/2025\nPatient : M. Lucien FAURE\n"
        "Créatinine 180 µmol/l : insuffisance rénale chronique.\n",
        "plain",
        "utf-8",
    )
    bilan.add_header("Content-Disposition", "attachment", filename="bilan.txt")
    inner.attach(bilan)
    headers(inner, "Bilan biologique", ("Laboratoire Biocaux", "resultats@labo-biocaux.fr"), [DR_MARTIN], msgid="inner")
    # First forward.
    middle = MIMEMultipart("mixed", boundary="==middle==")
    middle.attach(utf8_8bit("Pour info, bilan reçu ce matin.\n"))
    middle.attach(MIMEMessage(inner))
    headers(middle, "Tr: Bilan biologique", DR_MARTIN, [SECRETARIAT], msgid="middle")
    # Second forward.
    outer = MIMEMultipart("mixed", boundary="==outer==")
    outer.attach(utf8_8bit("À classer dans le dossier.\n"))
    outer.attach(MIMEMessage(middle))
    return headers(outer, "Tr: Tr: Bilan biologique", SECRETARIAT, [IDE_FAURE], msgid="outer")


def mssante():
    msg = MIMEMultipart("mixed", boundary="==mss==")
    msg.attach(
        utf8_8bit(
            "Madame,\n\nVous trouverez ci-joint votre lettre de liaison de sortie.\n\n"
            "Dr Claire Martin, service de cardiologie\n"
        )
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("IHE_XDM/README.TXT", date_time=(2025, 3, 10, 9, 15, 0))
        z.writestr(info, "Paquet XDM de test (contenu remplace par ce texte).\n")
    xdm = MIMEApplication(buf.getvalue(), "zip")
    xdm.add_header("Content-Disposition", "attachment", filename="IHE_XDM.ZIP")
    msg.attach(xdm)
    headers(
        msg,
        "XDM/1.0/DDM+Lettre de liaison BERNARD Odile 03/03/1956",
        DR_MARTIN,
        [("Odile BERNARD", PATIENT_MSS)],
        msgid="mssante",
    )
    msg["X-MSS-CODECDA"] = "34133-9"
    msg["X-MSS-INS"] = NIR
    msg["X-Tamis-Purpose"] = "care_coordination"
    return msg


def smime_encrypted():
    payload = bytes((i * 73 + 11) % 256 for i in range(600))  # stands for the CMS envelope
    msg = MIMEApplication(payload, "pkcs7-mime", name="smime.p7m")
    msg.set_param("smime-type", "enveloped-data")
    msg.add_header("Content-Disposition", "attachment", filename="smime.p7m")
    return headers(msg, "Document confidentiel", DR_MARTIN, [SECRETARIAT], msgid="smime")


PGP_ARMOUR = (
    "-----BEGIN PGP MESSAGE-----\n\n"
    + base64.encodebytes(bytes((i * 37 + 5) % 256 for i in range(300))).decode()
    + "=ab12\n-----END PGP MESSAGE-----\n"
)


def received(msg, hops):
    """Received headers of the route through the sender's servers, as a milter sees them."""
    for k in range(hops):
        msg["Received"] = (
            f"from relais{k}.ch-dieppe.mssante.fr (relais{k}.ch-dieppe.mssante.fr [10.20.30.{k + 4}])"
            f"\n\tby mx{k}.ch-dieppe.mssante.fr (Postfix) with ESMTPS id 4Z8K{k}q1Bx7z"
            f"\n\tfor <secretariat.cardio@ch-dieppe.mssante.fr>; {DATE}"
        )
    msg["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.8.0"


def pgp_mime():
    msg = MIMEMultipart("encrypted", boundary="==pgp==", protocol="application/pgp-encrypted")
    control = MIMEApplication("Version: 1\n", "pgp-encrypted", encoders.encode_7or8bit)
    msg.attach(control)
    data = MIMEApplication(PGP_ARMOUR, "octet-stream", encoders.encode_7or8bit, name="encrypted.asc")
    data.add_header("Content-Disposition", "inline", filename="encrypted.asc")
    msg.attach(data)
    headers(msg, "Dossier", DR_MARTIN, [SECRETARIAT], msgid="pgpmime")
    received(msg, 2)
    return msg


def pgp_inline():
    msg = utf8_8bit("Bonjour,\n\n" + PGP_ARMOUR + "\nDr Claire Martin\n")
    headers(msg, "Message chiffré", DR_MARTIN, [SECRETARIAT], msgid="pgpinline")
    received(msg, 3)
    return msg


def signed():
    msg = MIMEMultipart(
        "signed", boundary="==signed==", protocol="application/pkcs7-signature", micalg="sha-256"
    )
    msg.attach(utf8_8bit("Ordonnance : Kardegic 75 mg, un sachet par jour.\nDr Claire Martin\n"))
    sig = MIMEApplication(bytes(range(256)), "pkcs7-signature", name="smime.p7s")
    sig.add_header("Content-Disposition", "attachment", filename="smime.p7s")
    msg.attach(sig)
    return headers(msg, "Ordonnance signée", DR_MARTIN, [IDE_FAURE], msgid="signed")


def windows_1252_8bit():
    body = (
        "Bonjour,\n\nMme Odile BERNARD présente un œdème des chevilles.\n"
        "Dépassement d'honoraires : 25 €.\n"
    ).encode("windows-1252")
    head = (
        f"From: {addr(DR_MARTIN)}\n"
        f"To: {addr(IDE_FAURE)}\n"
        "Subject: Consultation\n"
        f"Date: {DATE}\n"
        "Message-ID: <cp1252@tamis.example>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=windows-1252\n"
        "Content-Transfer-Encoding: 8bit\n\n"
    ).encode("ascii")
    return head + body


def damaged():
    msg = MIMEMultipart("mixed", boundary="==damaged==")
    msg.attach(utf8_8bit("Ci-joint le compte rendu de M. Lucien FAURE.\n"))
    pdf = MIMEApplication(tiny_pdf(PDF_LINES), "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="cr.pdf")
    msg.attach(pdf)
    headers(msg, "Compte rendu", DR_MARTIN, [IDE_FAURE], msgid="damaged")
    data = msg.as_bytes()
    # Cut in the middle of the base64 attachment (transfer interrupted).
    start = data.index(b"Content-Type: application/pdf")
    body = data.index(b"\n\n", start) + 2
    end = data.index(b"--==damaged==--")
    return data[: body + (end - body) // 2 + 3]


COURRIER_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Courrier</title></head><body>
<h1>Lettre de liaison</h1>
<p>Mme L&eacute;a Petit, n&eacute;e le 12/03/1956, présente un œdème
des membres inférieurs.</p>
<p>Traitement : furosémide 40&nbsp;mg.</p>
</body></html>
"""


def html_attachment():
    msg = MIMEMultipart("mixed", boundary="==html-attachment==")
    msg.attach(utf8_8bit("Ci-joint le courrier.\n"))
    # An HTML file saved by an office suite in windows-1252, sent quoted-printable.
    cs = email_charset.Charset("windows-1252")
    cs.body_encoding = email_charset.QP
    page = MIMEText(COURRIER_HTML, "html", cs)
    page.add_header("Content-Disposition", "attachment", filename="courrier.html")
    msg.attach(page)
    return headers(msg, "Courrier", DR_MARTIN, [IDE_FAURE], msgid="html")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("01_texte_utf8.eml", plain_utf8())
    write("02_latin1_qp.eml", latin1_qp())
    write("03_alternative.eml", alternative())
    write("04_mixte_pdf.eml", mixed_with_attachments())
    write("05_related_image.eml", related_image())
    write("06_transfert_double.eml", forward_of_forward())
    write("07_mssante.eml", mssante())
    write("08_smime_chiffre.eml", smime_encrypted())
    write("09_pgp_mime.eml", pgp_mime())
    write("10_pgp_inline.eml", pgp_inline())
    write("11_signe.eml", signed())
    write("12_windows1252_8bit.eml", windows_1252_8bit())
    write("13_tronque.eml", damaged())
    write("14_piece_jointe_html.eml", html_attachment())
    write("15_image_cid.eml", inline_image_cid())


if __name__ == "__main__":
    main()
