"""Writes the python-made PDFs of corpus/pdf/producers/ and the sources LibreOffice converts.

Letters (one per page): corpus/text/consultation_cardiologie.txt, lettre_liaison_ehpad.txt,
psychiatrie_suivi.txt — fictional persons, written for tamis.
"""
import html
import pathlib
import sys

from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

LETTERS = ["consultation_cardiologie", "lettre_liaison_ehpad", "psychiatrie_suivi"]
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZE = 10
LEADING = 12.5


def letters(root):
    return [(root / "corpus/text" / f"{n}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n") for n in LETTERS]


def reportlab_pdf(path, pages, font):
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("Lettres (fictives)")
    for lines in pages:
        y = A4[1] - 60
        c.setFont(font, SIZE)
        for line in lines:
            c.drawString(56, y, line)
            y -= LEADING
        c.showPage()
    c.save()


def image_page_pdf(path, lines, tmp):
    """Page 1: a letter as text; page 2: only an image (a stand-in for a scanned page)."""
    from PIL import Image, ImageDraw

    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (120, 170), 255)
    draw = ImageDraw.Draw(img)
    for y in range(20, 150, 8):
        draw.line((12, y, 108, y), fill=90)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    y = A4[1] - 60
    c.setFont("Helvetica", SIZE)
    for line in lines:
        c.drawString(56, y, line)
        y -= LEADING
    c.showPage()
    # From memory, not a file: reportlab would name the image after the (temporary) path.
    c.drawImage(ImageReader(img), 56, 100, width=480, height=680)
    c.showPage()
    c.save()


def blank_pdf(path, n):
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(n):
        c.showPage()
    c.save()


def fpdf_pdf(path, pages, ttf):
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.set_auto_page_break(False)
    if ttf:
        pdf.add_font("DejaVu", "", DEJAVU)
        pdf.set_font("DejaVu", size=SIZE)
    else:
        pdf.set_font("Helvetica", size=SIZE)
    for lines in pages:
        pdf.add_page()
        pdf.set_xy(56, 50)
        for line in lines:
            if not ttf:
                # The core fonts are Latin-1/WinAnsi: œ is in WinAnsi (0x9C) but fpdf2 encodes
                # core fonts as Latin-1, so write it as "oe".
                line = line.replace("œ", "oe")
            pdf.cell(0, LEADING, line, new_x="LMARGIN", new_y="NEXT")
            pdf.set_x(56)
    pdf.output(str(path))


def fodt(pages):
    body = []
    for k, lines in enumerate(pages):
        for j, line in enumerate(lines):
            style = "Break" if k > 0 and j == 0 else "Body"
            body.append(f'<text:p text:style-name="{style}">{html.escape(line)}</text:p>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="{SIZE}pt" fo:language="fr" fo:country="FR"/>
  </style:style>
  <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
 </office:styles>
 <office:body><office:text>
{chr(10).join(body)}
 </office:text></office:body>
</office:document>
"""


def html_doc(pages):
    parts = []
    for k, lines in enumerate(pages):
        for j, line in enumerate(lines):
            style = ' style="page-break-before: always"' if k > 0 and j == 0 else ""
            parts.append(f"<p{style}>{html.escape(line) if line else '&nbsp;'}</p>")
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Lettres (fictives)</title>
<style>p {{ font-family: 'DejaVu Sans'; font-size: {SIZE}pt; margin-top: 0; margin-bottom: 0; }}</style>
</head><body>
{chr(10).join(parts)}
</body></html>
"""


def main():
    root, out, tmp = (pathlib.Path(a) for a in sys.argv[1:4])
    pages = letters(root)
    reportlab_pdf(out / "reportlab-helvetica.pdf", pages, "Helvetica")
    pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
    reportlab_pdf(out / "reportlab-dejavu.pdf", pages, "DejaVuSans")
    fpdf_pdf(out / "fpdf2-helvetica.pdf", pages, ttf=False)
    fpdf_pdf(out / "fpdf2-dejavu.pdf", pages, ttf=True)
    blank_pdf(tmp / "blank.pdf", len(pages))
    image_page_pdf(out / "image-page" / "reportlab-text-then-image.pdf", pages[0], tmp)
    (tmp / "letters.fodt").write_text(fodt(pages), encoding="utf-8")
    (tmp / "letters.html").write_text(html_doc(pages), encoding="utf-8")


main()
