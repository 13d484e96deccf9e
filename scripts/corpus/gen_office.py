#!/usr/bin/python3
"""Generates corpus/office/: Office documents from real producers (python-docx, openpyxl, odfpy,
LibreOffice headless) with the traps of issue 14 §9 added by hand where no producer writes them.

Run with the Debian Python (python3-docx, python3-openpyxl, python3-odf) and LibreOffice:

    /usr/bin/python3 scripts/corpus/gen_office.py [corpus/office]

Every person, identifier and address is invented. Files are rewritten whole each run; the
LibreOffice conversions carry the producer's version in their metadata, so a run with another
LibreOffice version changes those bytes (the tests read text, not bytes).
"""

import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

from docx import Document
from docx.shared import Pt
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import P, S, Span
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

OUT = sys.argv[1] if len(sys.argv) > 1 else "corpus/office"

def rezip(path, edit):
    """Rewrites the zip at `path`: `edit(name, data)` returns new bytes, or None to keep them;
    `edit.extra` lists (name, bytes) entries to add."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            new = edit(info.filename, data)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(info.filename, new if new is not None else data, compress_type=method)
        for name, data in getattr(edit, "extra", []):
            out.writestr(name, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


# ----------------------------------------------------------------------------------------------
# DOCX (python-docx), with the Word traps written into its XML
# ----------------------------------------------------------------------------------------------


def fiche_docx(path):
    d = Document()
    d.core_properties.author = "Nadia Lebrun"
    d.core_properties.title = "Fiche de liaison de Bernadette Vasseur"
    d.sections[0].header.paragraphs[0].text = "EHPAD Les Tilleuls - Résidente : Bernadette Vasseur"
    d.sections[0].footer.paragraphs[0].text = "Document confidentiel - Dr Paul Girard"
    d.add_heading("Fiche de liaison", 1)
    p = d.add_paragraph("Résidente : Madame ")
    # The surname over three differently formatted runs.
    p.add_run("Vas")
    p.add_run("se").bold = True
    r = p.add_run("ur")
    r.italic = True
    r.font.size = Pt(13)
    p.add_run(", née le 12/03/1941.")
    p = d.add_paragraph("Antécédents : ")
    p.add_run("sclé")
    p.add_run("rose en plaques").bold = True
    p.add_run(", ")
    p.add_run("diab")
    p.add_run("ète").italic = True
    p.add_run(" de type 2.")
    p = d.add_paragraph("Traitement : ")
    p.add_run("metfor")
    p.add_run("mine").bold = True
    p.add_run(" 850 mg matin et soir.")
    p = d.add_paragraph("Motif : chute à domicile, ")
    p.add_run("insuffisance car")
    p.add_run("diaque").bold = True
    p.add_run(" connue.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Personne de confiance"
    t.cell(0, 1).text = "Monsieur Marc Vasseur, fils"
    t.cell(1, 0).text = "Téléphone"
    t.cell(1, 1).text = "06 12 34 56 78"
    d.add_paragraph("Rendez-vous de suivi prévu en mars.")
    d.add_paragraph("TRAPS_HERE")
    d.save(path)

    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    )
    traps = (
        # A tracked deletion (the deleted diagnosis is still in the file) and an insertion.
        '<w:p><w:r><w:t xml:space="preserve">Observation : </w:t></w:r>'
        '<w:del w:id="901" w:author="Nadia Lebrun" w:date="2024-03-01T10:00:00Z"><w:r>'
        '<w:delText>maladie de Parkinson</w:delText></w:r></w:del>'
        '<w:ins w:id="902" w:author="Nadia Lebrun" w:date="2024-03-01T10:00:00Z"><w:r>'
        '<w:t xml:space="preserve">autonome pour la toilette</w:t></w:r></w:ins></w:p>'
        # A comment anchored on a word, its author a person.
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Sortie prévue lundi.</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
        # A field (its code holds an e-mail address) and a simple field.
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' HYPERLINK "mailto:bernadette.vasseur@orange.fr" </w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>écrire à la famille</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:fldSimple w:instr=" AUTHOR  \\* MERGEFORMAT "><w:r><w:t>Nadia Lebrun</w:t></w:r>'
        "</w:fldSimple></w:p>"
        # A hyperlink whose target (in the .rels) is a mailto: address.
        '<w:p><w:hyperlink r:id="rIdMail"><w:r><w:t>contacter le médecin</w:t></w:r></w:hyperlink></w:p>'
        # A text box.
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:200pt;height:40pt">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>Allergie : pénicilline</w:t></w:r></w:p>'
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        # Hidden text.
        '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>VIH positif</w:t></w:r></w:p>'
    )
    comments = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:comments {ns}>"
        '<w:comment w:id="0" w:author="Dr Paul Girard" w:initials="PG" w:date="2024-03-01T10:00:00Z">'
        "<w:p><w:r><w:t>Attention : épilepsie, prévoir Dépakine au retour.</w:t></w:r></w:p>"
        "</w:comment></w:comments>"
    )

    def edit(name, data):
        if not name.endswith((".xml", ".rels")):
            return None
        s = data.decode("utf-8")
        if name == "word/document.xml":
            end = s.index("</w:p>", s.index("TRAPS_HERE")) + len("</w:p>")
            start = s.rindex("<w:p>", 0, s.index("TRAPS_HERE"))
            return (s[:start] + traps + s[end:]).encode()
        if name == "word/_rels/document.xml.rels":
            rel = (
                '<Relationship Id="rIdMail" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/hyperlink" Target="mailto:paul.girard@medecin.fr" TargetMode="External"/>'
                '<Relationship Id="rIdCom" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/comments" Target="comments.xml"/>'
            )
            return s.replace("</Relationships>", rel + "</Relationships>").encode()
        if name == "[Content_Types].xml":
            o = (
                '<Override PartName="/word/comments.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
            )
            return s.replace("</Types>", o + "</Types>").encode()
        return None

    # python-docx's template already holds a thumbnail (docProps/thumbnail.jpeg, with its
    # relationship): the thumbnail trap comes with the producer.
    edit.extra = [("word/comments.xml", comments.encode())]
    rezip(path, edit)


# ----------------------------------------------------------------------------------------------
# XLSX (openpyxl), with a pivot cache of a deleted sheet
# ----------------------------------------------------------------------------------------------

RESIDENTS = [
    ("Chambre", "Nom", "Pathologie", "Traitement", "GIR", "NIR"),
    ("12", "Bernadette Vasseur", "Parkinson", "Modopar 125", 2, "2 41 03 75 112 048 62"),
    ("14", "Lucien Marchal", "diabète de type 2", "Metformine 850", 3, "1 38 07 59 350 012 17"),
    ("15", "Odette Ferrand", "Alzheimer", "Donépézil", 1, "2 36 11 62 041 233 08"),
]


def residents_xlsx(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Résidents"
    for row in RESIDENTS:
        ws.append(row)
    ws["B2"].comment = Comment("Chute le 3 mars, fracture du col", "Nadia Lebrun")
    ws["H1"] = "Formule"
    ws["H2"] = '=CONCATENATE("Mme ","Vasseur")'
    secret = wb.create_sheet("Archives")
    secret.append(["Nom", "Pathologie"])
    secret.append(["Henri Tessier", "schizophrénie"])
    secret.sheet_state = "veryHidden"
    hidden = wb.create_sheet("Notes")
    hidden.append(["Infirmière référente : Claire Dumont"])
    hidden.sheet_state = "hidden"
    wb.defined_names.append(DefinedName("Referente", attr_text="Notes!$A$1"))
    wb.save(path)

    records = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">'
        '<r><s v="Gisèle Arnoux"/><s v="sclérose en plaques"/></r>'
        '<r><s v="Marcel Poirier"/><s v="hépatite C"/></r>'
        "</pivotCacheRecords>"
    )

    # A threaded comment (Excel 365) and its reply on C3, by a person of the persons part.
    threaded = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"'
        ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<threadedComment ref="C3" dT="2026-03-01T10:00:00.00" personId="{6A2F1C1E-0000-4000-8000-000000000001}"'
        ' id="{0F4B7C2A-0000-4000-8000-0000000000A1}"><text>Suspicion de maladie de Lyme, sérologie'
        " demandée.</text></threadedComment>"
        '<threadedComment ref="C3" dT="2026-03-02T10:00:00.00" personId="{6A2F1C1E-0000-4000-8000-000000000001}"'
        ' id="{0F4B7C2A-0000-4000-8000-0000000000A2}" parentId="{0F4B7C2A-0000-4000-8000-0000000000A1}">'
        "<text>Résultat attendu lundi.</text></threadedComment>"
        '<threadedComment ref="A1" dT="2026-03-02T11:00:00.00" personId="{6A2F1C1E-0000-4000-8000-000000000001}"'
        ' id="{0F4B7C2A-0000-4000-8000-0000000000A3}"><text>Liste mise à jour.</text></threadedComment>'
        "</ThreadedComments>"
    )
    persons = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"'
        ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<person displayName="Claire Dumont" id="{6A2F1C1E-0000-4000-8000-000000000001}"'
        ' userId="claire.dumont@ssiad-nord.fr" providerId="None"/></personList>'
    )

    def edit(name, data):
        if name == "[Content_Types].xml":
            o = (
                '<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"/>'
                '<Override PartName="/xl/threadedComments/threadedComment1.xml"'
                ' ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
                '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>'
            )
            return data.decode().replace("</Types>", o + "</Types>").encode()
        if name == "xl/worksheets/_rels/sheet1.xml.rels":
            r = (
                '<Relationship Id="rIdTc1" Type="http://schemas.microsoft.com/office/2017/10/'
                'relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/>'
            )
            return data.decode().replace("</Relationships>", r + "</Relationships>").encode()
        if name == "xl/_rels/workbook.xml.rels":
            r = (
                '<Relationship Id="rIdPs1" Type="http://schemas.microsoft.com/office/2017/10/'
                'relationships/person" Target="persons/person.xml"/>'
            )
            return data.decode().replace("</Relationships>", r + "</Relationships>").encode()
        return None

    edit.extra = [
        ("xl/pivotCache/pivotCacheRecords1.xml", records.encode()),
        ("xl/threadedComments/threadedComment1.xml", threaded.encode()),
        ("xl/persons/person.xml", persons.encode()),
    ]
    rezip(path, edit)


# ----------------------------------------------------------------------------------------------
# ODF (odfpy): Jean<text:s/>Dupont, string-value, a huge repeat count
# ----------------------------------------------------------------------------------------------


def traps_odt(path):
    doc = OpenDocumentText()
    p = P(text="Résident : Jean")
    p.addElement(S())
    p.addText("Dupont, suivi pour ")
    sp = Span(text="sclé")
    p.addElement(sp)
    p.addText("rose en plaques.")
    doc.text.addElement(p)
    doc.text.addElement(P(text="Sortie prévue lundi."))
    doc.save(path)
    tracked = (
        "<text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion>"
        "<office:change-info><dc:creator>Nadia Lebrun</dc:creator><dc:date>2024-03-01T10:00:00</dc:date>"
        "</office:change-info><text:p>maladie de Parkinson</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
    )
    extra = (
        '<text:p>Observation : <text:change text:change-id="ct1"/>stable.'
        "<office:annotation><dc:creator>Dr Paul Girard</dc:creator><dc:date>2024-03-01T10:00:00</dc:date>"
        "<text:p>Attention : épilepsie.</text:p></office:annotation></text:p>"
        '<text:p>Écrire à <text:a xlink:type="simple" xlink:href="mailto:paul.girard@medecin.fr">'
        "son médecin</text:a><text:note text:id=\"n1\" text:note-class=\"footnote\">"
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>Insuffisance rénale "
        "chronique.</text:p></text:note-body></text:note></text:p>"
    )

    def edit(name, data):
        if name == "content.xml":
            s = data.decode()
            if "xmlns:xlink" not in s:
                s = s.replace(
                    "<office:document-content ",
                    '<office:document-content xmlns:xlink="http://www.w3.org/1999/xlink" ',
                    1,
                )
            if "xmlns:dc=" not in s:
                s = s.replace(
                    "<office:document-content ",
                    '<office:document-content xmlns:dc="http://purl.org/dc/elements/1.1/" ',
                    1,
                )
            i = s.index("<office:text>") + len("<office:text>")
            j = s.index("</office:text>")
            return (s[:i] + tracked + s[i:j] + extra + s[j:]).encode()
        return None

    rezip(path, edit)


def residents_ods(path):
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Résidents")
    for row in RESIDENTS[:3]:
        tr = TableRow()
        for v in row:
            if isinstance(v, int):
                tr.addElement(TableCell(valuetype="float", value=v))
            else:
                c = TableCell(valuetype="string", stringvalue=str(v))
                c.addElement(P(text=str(v)))
                tr.addElement(c)
        t.addElement(tr)
    # A huge repeat count: 16,000 empty cells, then a value (column 16,007).
    tr = TableRow()
    tr.addElement(TableCell(numbercolumnsrepeated=16000))
    c = TableCell(valuetype="string", stringvalue="Lucien Marchal")
    c.addElement(P(text="Lucien Marchal"))
    tr.addElement(c)
    t.addElement(tr)
    doc.spreadsheet.addElement(t)
    doc.save(path)


# ----------------------------------------------------------------------------------------------
# LibreOffice conversions, compound files, bombs
# ----------------------------------------------------------------------------------------------

SYNTHESE_HTML = """<html><head><meta charset="utf-8"><title>Synthèse</title></head><body>
<h1>Synthèse de séjour</h1>
<p>Madame <b>Odette</b> <i>Ferrand</i>, née le 04/11/1936, hospitalisée pour une pneumopathie.</p>
<p>Antécédents : maladie d'Alzheimer, hypertension artérielle.</p>
<p>Traitement de sortie : Donépézil 10 mg, Amlodipine 5 mg.</p>
<p>Rendez-vous de suivi avec le Dr Paul Girard.</p>
</body></html>
"""

RESIDENTS_CSV = "\n".join(";".join(str(v) for v in row) for row in RESIDENTS) + "\n"


def soffice(tmp, sources, target, outdir, infilter=None):
    profile = os.path.join(tmp, "profile")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            target,
            "--outdir",
            outdir,
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def compound(names_streams):
    """A compound file (CFB, 512-byte sectors) holding small streams: enough for a reader of
    the directory (the `.docx` that is really an encrypted Office document)."""
    sector = 512
    streams = list(names_streams)
    # Layout: sector 0 FAT, sector 1 directory, then one sector per stream (each < 512 bytes, so
    # stored as regular sectors with the mini-stream cutoff set to 0).
    nsect = 2 + len(streams)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFE] * len(streams)
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # FAT sectors
    struct.pack_into("<I", header, 0x30, 1)  # first directory sector
    struct.pack_into("<I", header, 0x38, 0)  # mini stream cutoff: none
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    directory = bytearray()
    entries = [("Root Entry", 5, 0xFFFFFFFE, 0)] + [
        (n, 2, 2 + i, len(d)) for i, (n, d) in enumerate(streams)
    ]
    for i, (name, kind, start, size) in enumerate(entries):
        e = bytearray(128)
        u = name.encode("utf-16-le")
        e[: len(u)] = u
        struct.pack_into("<H", e, 0x40, len(u) + 2)
        e[0x42] = kind
        e[0x43] = 1
        left = right = child = 0xFFFFFFFF
        if kind == 5 and len(entries) > 1:
            child = 1
        if kind == 2 and i + 1 < len(entries):
            right = i + 1
        struct.pack_into("<III", e, 0x44, left, right, child)
        struct.pack_into("<I", e, 0x74, start)
        struct.pack_into("<I", e, 0x78, size)
        directory += e
    directory += b"\0" * (sector - len(directory) % sector if len(directory) % sector else 0)
    out = bytes(header) + struct.pack("<128I", *fat) + bytes(directory[:sector])
    for _, d in streams:
        out += d + b"\0" * (sector - len(d))
    assert len(out) == (nsect + 1) * sector
    return out


def bomb_docx(path):
    """A DOCX whose document.xml expands 60 MB of spaces from ~60 KB: the ratio limit stops it."""
    body = b" " * (60 << 20)
    doc = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + body + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    ct = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("word/document.xml", doc)


def bench_files(out):
    """The bench inputs of issue 14 §10: a 20-page DOCX (python-docx) and a 5,000-row XLSX
    (openpyxl), with names, dates, diagnoses and drugs, some split across runs."""
    os.makedirs(out, exist_ok=True)
    d = Document()
    firsts = ["Bernadette", "Lucien", "Odette", "Henri", "Gisèle", "Marcel", "Claire", "Paul"]
    lasts = ["Vasseur", "Marchal", "Ferrand", "Tessier", "Arnoux", "Poirier", "Dumont", "Girard"]
    dx = ["sclérose en plaques", "diabète de type 2", "insuffisance cardiaque", "maladie de Parkinson"]
    rx = ["metformine 850 mg", "Modopar 125", "Kardegic 75 mg", "Donépézil 10 mg"]
    for k in range(95):
        name = f"{firsts[k % 8]} {lasts[(k * 3) % 8]}"
        d.add_heading(f"Synthèse {k + 1}", 2)
        p = d.add_paragraph(f"Madame, Monsieur, nous avons reçu {name}, né(e) le {1 + k % 28:02d}/0{1 + k % 9}/19{30 + k % 60}, ")
        word = dx[k % 4]
        cut = len(word) // 2
        p.add_run(word[:cut])
        p.add_run(word[cut:]).bold = True
        p.add_run(f", pour une chute à domicile. Traitement : {rx[k % 4]}. ")
        d.add_paragraph(
            "Le résident est autonome pour les transferts, la toilette nécessite une aide partielle. "
            "La famille est informée et souhaite un point avec l'équipe la semaine prochaine. "
            "Le projet d'accompagnement personnalisé sera revu lors de la prochaine réunion."
        )
    d.save(os.path.join(out, "long_20p.docx"))
    wb = Workbook()
    ws = wb.active
    ws.append(["Chambre", "Nom", "Pathologie", "Traitement", "GIR", "Date de naissance"])
    for k in range(5000):
        ws.append([
            str(100 + k % 300),
            f"{firsts[k % 8]} {lasts[(k * 5) % 8]}",
            dx[k % 4],
            rx[(k * 7) % 4],
            1 + k % 6,
            f"{1 + k % 28:02d}/{1 + k % 12:02d}/19{30 + k % 60}",
        ])
    wb.save(os.path.join(out, "residents_5000.xlsx"))


def macros_docm(path):
    """A python-docx document carrying macros: `word/vbaProject.bin`, a compound file with the
    `_VBA_PROJECT` and `dir` streams of a VBA project (their content is not read by tamis)."""
    d = Document()
    d.add_paragraph("Planning des visites de la semaine.")
    d.save(path)
    vba = compound([("_VBA_PROJECT", b"\xcc\x61\xff\xff\x00"), ("dir", b"\x01" * 32)])

    def edit(name, data):
        if name == "[Content_Types].xml":
            o = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            return data.decode().replace("</Types>", o + "</Types>").encode()
        return None

    edit.extra = [("word/vbaProject.bin", vba)]
    rezip(path, edit)


def alt_chunk_docx(path):
    """A python-docx document importing an HTML chunk (`w:altChunk`), as mail-merge tools do."""
    d = Document()
    d.add_paragraph("Compte rendu joint ci-dessous.")
    d.add_paragraph("CHUNK_HERE")
    d.save(path)
    chunk = "<html><body><p>Madame Odette Ferrand, maladie d'Alzheimer.</p></body></html>"

    def edit(name, data):
        if name == "word/document.xml":
            s = data.decode()
            start = s.rindex("<w:p>", 0, s.index("CHUNK_HERE"))
            end = s.index("</w:p>", s.index("CHUNK_HERE")) + len("</w:p>")
            return (s[:start] + '<w:altChunk r:id="rIdChunk"/>' + s[end:]).encode()
        if name == "word/_rels/document.xml.rels":
            rel = (
                '<Relationship Id="rIdChunk" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/aFChunk" Target="chunk.html"/>'
            )
            return data.decode().replace("</Relationships>", rel + "</Relationships>").encode()
        if name == "[Content_Types].xml":
            o = '<Override PartName="/word/chunk.html" ContentType="text/html"/>'
            return data.decode().replace("</Types>", o + "</Types>").encode()
        return None

    edit.extra = [("word/chunk.html", chunk.encode())]
    rezip(path, edit)


# An RTF letter as Word writes one (issue 14 §5): \ansicpg1252 and \uc1, accents as \'hh and as
# \uN with their \'hh fallback, a surname and a diagnosis split over formatted groups, \info
# fields ({\*\company} starred as Word writes it), the revision authors' table, header and
# footer, hidden text (\v), a field with a mailto: link, a bookmark, a footnote, an annotation
# with its author, and skipped destinations (theme data, an unknown starred one).
LETTRE_RTF = (
    r"{\rtf1\adeflang1025\ansi\ansicpg1252\uc1\adeff0\deff0\deflang1036\deflangfe1036"
    "\r\n"
    r"{\fonttbl{\f0\fbidi \froman\fcharset0\fprq2{\*\panose 02020603050405020304}Times New Roman;}"
    r"{\f1\fbidi \fswiss\fcharset0\fprq2 Calibri;}}"
    "\r\n"
    r"{\colortbl;\red0\green0\blue0;}{\*\generator Microsoft Word 16.0;}"
    "\r\n"
    r"{\info{\title Fiche de liaison \'e9tablissement}{\author Nadia Lebrun}{\operator Nadia Lebrun}"
    r"{\creatim\yr2026\mo3\dy2\hr9\min12}{\*\company EHPAD Les Tilleuls}"
    r"{\doccomm Dossier de Mme Bernadette Vasseur}}"
    "\r\n"
    r"{\*\rsidtbl \rsid1234\rsid5678}{\*\revtbl {Unknown;}{Paul Girard;}}"
    r"{\*\themedata 504b030414000600}{\*\xyzunknown Mme Vasseur}"
    "\r\n"
    r"\paperw11906\paperh16838\margl1417\margr1417\sectd"
    "\r\n"
    r"{\header \pard\plain \f1\fs20 R\u233\'e9sidente : Bernadette Vasseur\par}"
    "\r\n"
    r"{\footer \pard\plain \f1\fs20 EHPAD Les Tilleuls \endash  T\'e9l. 06 12 34 56 78\par}"
    "\r\n"
    r"\pard\plain \f1\fs22 {\b Fiche de liaison}\par"
    "\r\n"
    r"Nom : {\b Vas}{\i se}ur Bernadette, n\'e9e le 12/03/1941 \'e0 Lille.\par"
    "\r\n"
    r"Ant\'e9c\'e9dents : scl\u233\'e9{\i rose en plaques}, diab{\b \'e8}te de type 2.\par"
    "\r\n"
    r"Traitement : metfor{\b mine} 850 mg matin et soir.\par"
    "\r\n"
    r"{\v Note interne : \u233\'e9pilepsie ancienne, sous D\u233\'e9pakine.}\par"
    "\r\n"
    r"Contact : {\field{\*\fldinst {HYPERLINK " '"mailto:bernadette.vasseur@orange.fr"'
    r"}}{\fldrslt {\ul courriel de la famille}}}\par"
    "\r\n"
    r"{\*\bkmkstart NIR_patient}NIR : 2 41 03 75 112 048 62{\*\bkmkend NIR_patient}\par"
    "\r\n"
    r"Suivi{\super\chftn{\footnote \pard\plain {\super\chftn} Insuffisance cardiaque suivie "
    r"par le Dr Paul Girard.}} par l'\'e9quipe de jour.\par"
    "\r\n"
    r"{\*\atnid NL}{\*\atnauthor Nadia Lebrun}\chatn{\*\annotation{\*\atnref 1}"
    r"{\*\atndate 1234567}\pard\plain Allergie \u224\'e0 la p\'e9nicilline.}\par"
    "\r\n"
    r"Sortie pr\'e9vue lundi.\par"
    "\r\n}\r\n"
)


def lettre_rtf(path):
    with open(path, "wb") as f:
        f.write(LETTRE_RTF.encode("ascii"))


def main():
    os.makedirs(OUT, exist_ok=True)
    bench_files(os.path.join(OUT, "bench"))
    fiche_docx(os.path.join(OUT, "fiche_liaison.docx"))
    residents_xlsx(os.path.join(OUT, "residents.xlsx"))
    traps_odt(os.path.join(OUT, "traps.odt"))
    residents_ods(os.path.join(OUT, "residents_repeat.ods"))
    with open(os.path.join(OUT, "encrypted.docx"), "wb") as f:
        f.write(
            compound(
                [
                    ("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 64),
                    ("EncryptedPackage", b"\x10\x00\x00\x00\x00\x00\x00\x00" + os.urandom(16)),
                ]
            )
        )
    bomb_docx(os.path.join(OUT, "bomb.docx"))
    macros_docm(os.path.join(OUT, "macros.docm"))
    alt_chunk_docx(os.path.join(OUT, "alt_chunk.docx"))
    lettre_rtf(os.path.join(OUT, "lettre_word.rtf"))
    # CSV as care software exports it: UTF-8 with ';', and Windows-1252 with ',' and quotes.
    with open(os.path.join(OUT, "residents.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(RESIDENTS_CSV)
    with open(os.path.join(OUT, "residents_1252.csv"), "w", encoding="cp1252", newline="") as f:
        f.write("Chambre,Nom du résident,Pathologie,Traitement en cours\r\n")
        f.write('12,"Vasseur, Bernadette",Parkinson,"Modopar 125, 3 fois par jour"\r\n')
        f.write('14,"Marchal, Lucien","diabète de type 2",Metformine\r\n')
    with tempfile.TemporaryDirectory() as tmp:
        html = os.path.join(tmp, "synthese.html")
        with open(html, "w", encoding="utf-8") as f:
            f.write(SYNTHESE_HTML)
        csv = os.path.join(tmp, "residents.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write(RESIDENTS_CSV)
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        soffice(tmp, [html], "odt:writer8", out)
        soffice(tmp, [html], "docx:MS Word 2007 XML", out)
        soffice(tmp, [html], "doc:MS Word 97", out)
        soffice(tmp, [html], "rtf:Rich Text Format", out)
        # CSV: separator ';' (59), text delimiter '"' (34), UTF-8 (76).
        csv_in = "CSV:59,34,76"
        soffice(tmp, [csv], "ods", out, csv_in)
        soffice(tmp, [csv], "xlsx:Calc MS Excel 2007 XML", out, csv_in)
        soffice(tmp, [csv], "xls:MS Excel 97", out, csv_in)
        # The RTF bench input (issue 14 §10): the 20-page DOCX as LibreOffice writes it in RTF.
        bench_out = os.path.join(tmp, "bench")
        os.makedirs(bench_out)
        soffice(tmp, [os.path.join(OUT, "bench", "long_20p.docx")], "rtf:Rich Text Format", bench_out)
        shutil.copy(os.path.join(bench_out, "long_20p.rtf"), os.path.join(OUT, "bench", "long_20p.rtf"))
        for name in sorted(os.listdir(out)):
            base, ext = os.path.splitext(name)
            shutil.copy(os.path.join(out, name), os.path.join(OUT, f"{base}_lo{ext}"))


if __name__ == "__main__":
    main()
