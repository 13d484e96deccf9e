#!/usr/bin/env python3
"""Generates corpus/pdf/features/: small PDFs that hide personal and health data outside the
page text (metadata, XMP, annotations, form fields, outlines, embedded files), plus encrypted,
image-only, Form XObject and damaged PDFs.

Every person, identifier and diagnosis here is fictional (the NIR keys are valid on purpose).
Producers: reportlab, fpdf2, qpdf, LibreOffice (headless). Run from the repository root:

    python3 scripts/corpus/pdf/features/make.py

The reportlab and fpdf2 outputs are reproducible (fixed dates, invariant mode); qpdf gets fixed
attachment dates; LibreOffice writes its own dates and document IDs and qpdf's AES encryption
draws random IVs, so metadata.pdf and the two encrypted files change at every run (their
extracted text does not).
"""

import datetime
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[4]
OUT = ROOT / "corpus" / "pdf" / "features"
FIXED = datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)

# The fictional people and data, shared with tests/pdf.rs.
PATIENT_F = "Jeanne LEROUX"
PATIENT_M = "Marcel DURAND"
NIR_M = "1 52 03 75 112 048 68"  # key 68 = 97 - (1520375112048 mod 97)
ATTACHMENT_NAME = "cr_Marcel_DURAND.txt"


def run(*args, **kw):
    subprocess.run(args, check=True, **kw)


def reportlab_canvas(path, title="Document de test"):
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("tamis")
    c.setCreator("tamis corpus (reportlab)")
    return c


def neutral_page(c, text):
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, text)


def metadata(tmp):
    """LibreOffice, PDF/A-2b: Info dictionary and XMP both hold the title, author, subject and
    keywords of the document's properties; a user-defined property becomes a custom Info key."""
    fodt = tmp / "metadata.fodt"
    fodt.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <dc:title>Lettre de liaison de Mme {PATIENT_F} : maladie d'Alzheimer</dc:title>
  <dc:subject>Suivi du diabète de type 2 &amp; de l'HTA</dc:subject>
  <meta:keyword>EHPAD</meta:keyword>
  <meta:keyword>GIR 2</meta:keyword>
  <meta:initial-creator>Dr Paul MARCHAND</meta:initial-creator>
  <dc:creator>Dr Paul MARCHAND</dc:creator>
  <meta:user-defined meta:name="Patient" meta:value-type="string">Mme {PATIENT_F}</meta:user-defined>
 </office:meta>
 <office:body><office:text>
  <text:p>Document de test : le texte de la page ne contient aucune donnée.</text:p>
 </office:text></office:body>
</office:document>
""",
        encoding="utf-8",
    )
    filt = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    profile = tmp / "lo-profile"
    run(
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        filt,
        "--outdir",
        str(tmp),
        str(fodt),
        stdout=subprocess.DEVNULL,
    )
    shutil.copy(tmp / "metadata.pdf", OUT / "metadata.pdf")


XMP_CUSTOM = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    pdf:Producer="tamis corpus" xmpMM:DocumentID="uuid:0612345678"
    pdf:Keywords="Patiente : Mme {PATIENT_F}"/>
  <rdf:Description rdf:about="" xmlns:ehpad="http://example.invalid/ns/ehpad/">
   <ehpad:resident>Mme Jeanne LEROUX, n&#233;e le 14/06/1936</ehpad:resident>
   <ehpad:note>Sc&#xE8;ne de chute &amp; fracture du col du f&#233;mur</ehpad:note>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def metadata_custom(tmp):
    """reportlab, then qpdf --update-from-json: custom Info keys (one held in an indirect
    object, one UTF-16BE, one PDFDocEncoding outside Latin-1), and a hand-written XMP packet
    with properties as attributes, a custom namespace and character references."""
    import base64
    import json

    base = tmp / "custom_base.pdf"
    c = reportlab_canvas(base, "Document de test")
    neutral_page(c, "Document de test : le texte de la page ne contient aucune donnée.")
    c.showPage()
    c.save()
    dump = subprocess.run(
        ["qpdf", "--json-output=2", "--json-key=qpdf", str(base)],
        check=True, capture_output=True,
    ).stdout
    objects = json.loads(dump)["qpdf"][1]
    trailer = objects["trailer"]["value"]
    info_ref, root_ref = trailer["/Info"], trailer["/Root"]
    size = trailer["/Size"]
    title_ref, xmp_ref = f"{size} 0 R", f"{size + 1} 0 R"
    info = objects[f"obj:{info_ref}"]["value"]
    info["/Title"] = title_ref
    info["/Author"] = "u:Dr Paul MARCHAND"
    info["/Subject"] = "u:HbA1c ≥ 8 % : diabète de type 2"  # ≥: not in PDFDoc → UTF-16BE
    info["/Keywords"] = "u:Œdème des membres inférieurs"  # Œ: PDFDocEncoding 0x96
    info["/Patient"] = f"u:Mme {PATIENT_F}"
    info["/NumeroSecu"] = "u:2 36 06 76 217 045 04"
    root = objects[f"obj:{root_ref}"]["value"]
    root["/Metadata"] = xmp_ref
    update = {
        "qpdf": [
            {"jsonversion": 2, "pushedinheritedpageresources": False,
             "calledgetallpages": False, "maxobjectid": size + 1},
            {
                f"obj:{info_ref}": {"value": info},
                f"obj:{root_ref}": {"value": root},
                f"obj:{title_ref}": {"value": f"u:Dossier de Mme {PATIENT_F}"},
                f"obj:{xmp_ref}": {
                    "stream": {
                        "dict": {"/Type": "/Metadata", "/Subtype": "/XML"},
                        "data": base64.b64encode(XMP_CUSTOM.encode("utf-8")).decode(),
                    }
                },
            },
        ]
    }
    upd = tmp / "update.json"
    upd.write_text(json.dumps(update), encoding="utf-8")
    run("qpdf", "--deterministic-id", str(base), "--update-from-json=" + str(upd),
        str(OUT / "metadata_custom.pdf"))
    # The same objects in compressed object streams, with a cross-reference stream.
    run("qpdf", "--deterministic-id", "--object-streams=generate", "--compress-streams=y",
        str(OUT / "metadata_custom.pdf"), str(OUT / "metadata_custom_objstm.pdf"))


def annotations():
    """fpdf2: a sticky note (/Text, author in /T) on page 1, a FreeText annotation on page 2."""
    pdf = FPDF()
    pdf.set_creation_date(FIXED)
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="Fiche de transmission (voir les annotations)")
    pdf.text_annotation(
        x=20,
        y=40,
        text=f"Mme {PATIENT_F} a chuté ce matin, surveiller la hanche droite.",
        title="Claire DUBOIS",
    )
    pdf.add_page()
    pdf.cell(text="Suite de la fiche")
    pdf.free_text_annotation(
        text=f"Diabète de type 2 déséquilibré : glycémie avant chaque repas pour M. {PATIENT_M}.",
        x=20,
        y=40,
        w=150,
        h=20,
    )
    pdf.output(str(OUT / "annotations.pdf"))


def form():
    """reportlab: an AcroForm with three filled text fields."""
    c = reportlab_canvas(OUT / "form.pdf", "Formulaire d'admission")
    neutral_page(c, "Formulaire d'admission")
    fields = [
        ("Nom", PATIENT_F),
        ("Date de naissance", "14/06/1936"),
        ("Diagnostic", "Maladie d'Alzheimer, diabète de type 2"),
    ]
    y = 700
    for name, value in fields:
        c.drawString(72, y + 5, name)
        c.acroForm.textfield(name=name, value=value, x=200, y=y, width=300, height=20)
        y -= 40
    c.showPage()
    c.save()


def outline():
    """reportlab: three pages, bookmarks with a patient's name and a nested level."""
    c = reportlab_canvas(OUT / "outline.pdf", "Dossier")
    titles = [
        (f"Dossier de M. {PATIENT_M}", 0),
        ("Antécédents : insuffisance cardiaque", 1),
        ("Traitement : Kardegic 75 mg", 1),
    ]
    for i, (title, level) in enumerate(titles):
        neutral_page(c, f"Page {i + 1}")
        key = f"p{i + 1}"
        c.bookmarkPage(key)
        c.addOutlineEntry(title, key, level=level)
        c.showPage()
    c.save()


def attachments(tmp):
    """qpdf: an embedded text file (EmbeddedFiles name tree), and a PDF embedding that PDF."""
    base = tmp / "base.pdf"
    c = reportlab_canvas(base, "Envoi")
    neutral_page(c, "Voir le fichier joint.")
    c.showPage()
    c.save()
    txt = tmp / ATTACHMENT_NAME
    txt.write_text(
        "Compte rendu de consultation\n"
        f"Patient : M. {PATIENT_M}\n"
        f"NIR : {NIR_M}\n"
        "Diagnostic : insuffisance cardiaque\n",
        encoding="utf-8",
    )
    dates = ["--creationdate=D:20250304093000Z", "--moddate=D:20250304093000Z"]
    run(
        "qpdf", "--deterministic-id", str(base), "--add-attachment", str(txt),
        "--mimetype=text/plain", "--description=Compte rendu de M. Marcel DURAND", *dates, "--",
        str(OUT / "attachment.pdf"),
    )
    outer = tmp / "outer.pdf"
    c = reportlab_canvas(outer, "Transfert")
    neutral_page(c, "Document transmis en pièce jointe.")
    c.showPage()
    c.save()
    run(
        "qpdf", "--deterministic-id", str(outer), "--add-attachment",
        str(OUT / "attachment.pdf"), "--key=dossier.pdf", "--filename=dossier.pdf",
        "--mimetype=application/pdf", *dates, "--", str(OUT / "attachment_nested.pdf"),
    )


def attachment_annotation(tmp):
    """fpdf2: a FileAttachment annotation on page 1 (fpdf2 does not list it in the name tree)."""
    txt = tmp / "transmission.txt"
    txt.write_text(
        f"Transmission : Mme {PATIENT_F}, maladie d'Alzheimer, GIR 2.\n", encoding="utf-8"
    )
    os.utime(txt, (FIXED.timestamp(), FIXED.timestamp()))
    pdf = FPDF()
    pdf.set_creation_date(FIXED)
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="Transmission en pièce jointe (annotation)")
    pdf.file_attachment_annotation(txt, x=20, y=40)
    pdf.output(str(OUT / "attachment_annotation.pdf"))


def encrypted():
    """qpdf AES-256 over metadata.pdf: with a user password (unreadable without it) and with an
    empty user password (anyone can open it)."""
    src = str(OUT / "metadata.pdf")
    run("qpdf", "--encrypt", "utilisateur", "proprietaire", "256", "--",
        src, str(OUT / "encrypted_user_password.pdf"))
    run("qpdf", "--encrypt", "", "proprietaire", "256", "--",
        src, str(OUT / "encrypted_empty_user_password.pdf"))


def png(width, height):
    """A small grey gradient PNG, written by hand (zlib + struct)."""
    rows = b"".join(
        b"\x00" + bytes((x * 255 // width + y) % 256 for x in range(width)) for y in range(height)
    )

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def image_only():
    """reportlab: one page that only draws a raster image (a scan without OCR)."""
    from reportlab.lib.utils import ImageReader

    # From memory, not from a temporary path: reportlab names the image after its source.
    img = ImageReader(io.BytesIO(png(64, 48)))
    c = reportlab_canvas(OUT / "image_only.pdf", "Scan")
    c.drawImage(img, 72, 500, width=256, height=192)
    c.showPage()
    c.save()


def xobject():
    """reportlab: the page's only text is drawn inside a Form XObject (beginForm/doForm)."""
    c = reportlab_canvas(OUT / "xobject.pdf", "Formulaire XObject")
    c.beginForm("bloc")
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, f"Patiente : Mme {PATIENT_F}, diabète de type 2")
    c.endForm()
    c.doForm("bloc")
    c.showPage()
    c.save()


def damaged():
    """Cut short, a broken cross-reference table and trailer, and a bare header."""
    whole = (OUT / "form.pdf").read_bytes()
    (OUT / "damaged_truncated.pdf").write_bytes(whole[: len(whole) // 3])
    data = bytearray((OUT / "outline.pdf").read_bytes())
    xref = data.rfind(b"xref")
    garbage = bytes((i * 37 + 11) % 256 for i in range(len(data) - xref))
    data[xref:] = garbage
    # Every object header gone too: nothing is left to rebuild the table from.
    data = data.replace(b" 0 obj", b" 0 jbo")
    (OUT / "damaged_xref.pdf").write_bytes(bytes(data))
    (OUT / "damaged_header_only.pdf").write_bytes(b"%PDF-")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        metadata(tmp)
        metadata_custom(tmp)
        annotations()
        form()
        outline()
        attachments(tmp)
        attachment_annotation(tmp)
        encrypted()
        image_only()
        xobject()
        damaged()
    for p in sorted(OUT.glob("*.pdf")):
        print(f"{p.stat().st_size:8d} {p.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
