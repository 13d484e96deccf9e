#!/usr/bin/python3
"""Generated scans for the OCR tests (issue 15 §8): `corpus/scan/`.

Known letters are drawn at 300 dpi with a known font (DejaVu Serif, Debian's fonts-dejavu),
then degraded deterministically (fixed seeds): a copier (slight skew, blur, noise), a fax
(204 x 196 dpi, bilevel, CCITT G4, and JBIG2 with an MMR region), a phone photo (perspective, uneven light, low-quality
JPEG). Each is wrapped as the files scanned letters travel in: PDFs with each image filter
(DCT, Flate, CCITT G4, JPX via img2pdf), a multi-page G4 fax TIFF, and image attachments in
MSSante-style e-mails. `labels.toml` lists, per file, the identifiers and diagnoses written in
the *source text* below (not what tamis reads).

Run: /usr/bin/python3 scripts/corpus/scan/generate.py  (Pillow, NumPy, img2pdf from Debian:
python3-pil python3-numpy img2pdf). The pixels are deterministic for given package versions;
the PDFs' trailer /ID is drawn at random by img2pdf.
"""
import io, os, random, sys, email.message, email.utils, email.policy
from PIL import Image, ImageDraw, ImageFont, ImageFilter
import numpy as np
import img2pdf

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "corpus", "scan")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def nir(body):
    """A NIR with its key (97 - n mod 97), written in groups."""
    key = 97 - int(body) % 97
    d = body + f"{key:02d}"
    return f"{d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:10]} {d[10:13]} {d[13:15]}"


LETTERS = [
    {
        "name": "dupont",
        "nir": nir("1850578006084"),
        "ipp": "20240117",
        "birth": "14/05/1985",
        "patient": "DUPONT Marcel",
        "diagnoses": ["diabète de type 2", "insuffisance rénale chronique"],
        "lines": [
            "Centre Hospitalier de Valence — Service de néphrologie",
            "",
            "Valence, le 3 octobre 2026",
            "",
            "Cher Confrère,",
            "",
            "Patient : DUPONT Marcel",
            "Né(e) le 14/05/1985",
            "N° de sécurité sociale : {nir}",
            "IPP : 20240117",
            "",
            "Je vous adresse ce patient suivi pour un diabète de type 2",
            "compliqué d'une insuffisance rénale chronique de stade 3.",
            "La fonction rénale est stable depuis six mois.",
            "Je vous remercie de bien vouloir le revoir en consultation.",
            "",
            "Bien confraternellement,",
            "Docteur Claire Fontaine",
        ],
    },
    {
        "name": "martin",
        "nir": nir("2690549588157"),
        "ipp": "88123456",
        "birth": "02/09/1969",
        "patient": "MARTIN Jeanne",
        "diagnoses": ["sclérose en plaques", "dépression"],
        "lines": [
            "Maison départementale des personnes handicapées",
            "",
            "Lyon, le 12 novembre 2026",
            "",
            "Objet : demande de prestation de compensation",
            "",
            "Nom : MARTIN Jeanne",
            "Date de naissance : 02/09/1969",
            "NIR : {nir}",
            "IPP : 88123456",
            "",
            "Madame Martin présente une sclérose en plaques",
            "évoluant depuis douze ans, avec une fatigue importante,",
            "et une dépression traitée depuis l'an dernier.",
            "Elle a besoin d'une aide humaine pour les actes essentiels.",
            "",
            "Docteur Paul Lemaire",
        ],
    },
]


def render(letter):
    """An A4 page at 300 dpi, white, black text."""
    w, h = 2480, 3508
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 42)
    bold = ImageFont.truetype(FONT_BOLD, 46)
    y = 260
    for i, line in enumerate(letter["lines"]):
        text = line.format(nir=letter["nir"])
        d.text((240, y), text, font=bold if i == 0 else font, fill=0)
        y += 78
    return img


def copier(img, seed):
    rng = np.random.default_rng(seed)
    img = img.rotate(0.4, resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    a = np.asarray(img, dtype=np.float32)
    a = a * 0.92 + 12 + rng.normal(0, 3, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def fax(img, seed):
    rng = np.random.default_rng(seed)
    img = img.rotate(-0.3, resample=Image.BICUBIC, fillcolor=255)
    # 204 x 196 dpi from 300 dpi.
    img = img.resize((round(img.width * 204 / 300), round(img.height * 196 / 300)), Image.LANCZOS)
    a = np.asarray(img, dtype=np.float32) + rng.normal(0, 18, (img.height, img.width))
    bw = Image.fromarray(((a > 150) * 255).astype(np.uint8)).convert("1")
    bw.info["dpi"] = (204, 196)
    return bw


def photo(img, seed):
    rng = np.random.default_rng(seed)
    w, h = img.size
    small = img.resize((w // 2, h // 2), Image.LANCZOS)
    w, h = small.size
    # Perspective: the top of the page further from the phone than the bottom.
    coeffs = find_coeffs(
        [(40, 30), (w - 60, 10), (w - 10, h - 20), (10, h - 40)],
        [(0, 0), (w, 0), (w, h), (0, h)],
    )
    p = small.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=120)
    a = np.asarray(p, dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.75 + 0.25 * (xx / w)  # a shadow on the left
    a = a * light + rng.normal(0, 5, a.shape)
    p = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.0))
    return p


def find_coeffs(pa, pb):
    m = []
    for p1, p2 in zip(pa, pb):
        m.append([p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]])
        m.append([0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]])
    a = np.array(m, dtype=np.float64)
    b = np.array(pb, dtype=np.float64).reshape(8)
    return np.linalg.solve(a, b).tolist()


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def encode(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


A4 = img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))


def pdf(*images):
    return img2pdf.convert(*images, layout_fun=A4, nodate=True, with_pdfrw=False) if False else \
        img2pdf.convert(*images, layout_fun=A4, nodate=True)


def g4_strip(bw):
    """The CCITT G4 data of a bilevel image, in one strip (libtiff through Pillow)."""
    from PIL import TiffImagePlugin
    saved = TiffImagePlugin.STRIP_SIZE
    TiffImagePlugin.STRIP_SIZE = 1 << 30
    # Pillow writes mode "1" as min-is-black: inverted first, so that the G4 runs code black
    # ink as black (as JBIG2's MMR does).
    inverted = Image.eval(bw.convert("L"), lambda v: 255 - v).convert("1")
    raw = encode(inverted, "TIFF", compression="group4")
    TiffImagePlugin.STRIP_SIZE = saved
    t = Image.open(io.BytesIO(raw))
    offsets, counts = t.tag_v2[273], t.tag_v2[279]
    assert len(offsets) == 1, "one strip"
    return raw[offsets[0]:offsets[0] + counts[0]]


def jbig2_embedded(bw):
    """A JBIG2 stream in PDF's embedded organisation (ITU T.88 annex D.3): a page information
    segment and an immediate lossless generic region coded with MMR — whose data is the G4
    coding of the same rows (T.88 6.2.6), so no JBIG2 encoder is needed (Debian has none)."""
    import struct
    w, h = bw.size
    mmr = g4_strip(bw)

    def segment(number, kind, data):
        # number, flags (type; 1-byte page association), no referred segments, page 1, length.
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1])  # MMR = 1
    return segment(0, 48, page) + segment(1, 39, region + mmr)


def pdf_jbig2(bw):
    """A one-page A4 PDF drawing `bw` as a JBIG2Decode image (written by hand: img2pdf does
    not write JBIG2)."""
    w, h = bw.size
    data = jbig2_embedded(bw)
    content = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 1 /Filter /JBIG2Decode /Length %d >>\nstream\n" % (w, h, len(data))
        + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def mail(subject, name, mime, data):
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["From"] = "secretariat@ch-valence.mssante.fr"
    m["To"] = "dr.martin@medecin.mssante.fr"
    m["Subject"] = subject
    m["Date"] = "Mon, 07 Dec 2026 10:00:00 +0100"
    m["Message-ID"] = f"<{name}@ch-valence.mssante.fr>"
    m.set_content("Bonjour,\n\nCi-joint le courrier numérisé.\n\nCordialement,\nLe secrétariat\n")
    maintype, subtype = mime.split("/")
    m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    m.set_boundary("tamis-scan-" + name.replace(".", "-"))
    return m.as_bytes()


def main():
    os.makedirs(OUT, exist_ok=True)
    labels = []

    def label(file, kind, letters):
        labels.append((file, kind, letters))

    pages = {L["name"]: render(L) for L in LETTERS}
    for i, L in enumerate(LETTERS):
        n = L["name"]
        c = copier(pages[n], 100 + i)
        # Copier, JPEG (DCT) in PDF.
        save(f"copier-{n}-dct.pdf", pdf(encode(c, "JPEG", quality=60, dpi=(300, 300))))
        label(f"copier-{n}-dct.pdf", "copier", [L])
        # Fax, CCITT G4 in PDF.
        f = fax(pages[n], 200 + i)
        g4 = encode(f, "TIFF", compression="group4", dpi=(204, 196))
        save(f"fax-{n}-g4.pdf", pdf(g4))
        label(f"fax-{n}-g4.pdf", "fax", [L])
    # Copier, Flate (PNG) in PDF; JPX in PDF.
    # Flate: a clean 200 dpi gray scan (a scanner's "text" mode), PNG-predicted.
    c = pages["martin"].rotate(0.3, resample=Image.BICUBIC, fillcolor=255)
    c = c.resize((c.width * 2 // 3, c.height * 2 // 3), Image.LANCZOS).point(lambda v: 255 if v > 230 else v // 8 * 8)
    save("copier-martin-flate.pdf", pdf(encode(c, "PNG", dpi=(200, 200))))
    label("copier-martin-flate.pdf", "copier", [LETTERS[1]])
    c = copier(pages["dupont"], 301)
    save("copier-dupont-jpx.pdf", pdf(encode(c, "JPEG2000", quality_mode="rates", quality_layers=[20], dpi=(300, 300))))
    label("copier-dupont-jpx.pdf", "copier", [LETTERS[0]])
    # A fax as JBIG2 (MMR generic region) in PDF.
    f = fax(pages["dupont"], 202)
    save("fax-dupont-jbig2.pdf", pdf_jbig2(f))
    label("fax-dupont-jbig2.pdf", "fax", [LETTERS[0]])
    # A two-page fax TIFF (G4), attached to an e-mail.
    f1, f2 = fax(pages["dupont"], 400), fax(pages["martin"], 401)
    b = io.BytesIO()
    f1.save(b, "TIFF", compression="group4", dpi=(204, 196), save_all=True, append_images=[f2])
    save("fax-two-pages.tiff", b.getvalue())
    label("fax-two-pages.tiff", "fax", LETTERS)
    save("mail-fax-tiff.eml", mail("Courrier faxé", "fax.tiff", "image/tiff", b.getvalue()))
    label("mail-fax-tiff.eml", "fax", LETTERS)
    # A copier JPEG attached to an e-mail.
    c = copier(pages["martin"], 500)
    save("mail-copier-jpeg.eml", mail("Courrier", "courrier.jpg", "image/jpeg", encode(c, "JPEG", quality=60, dpi=(300, 300))))
    label("mail-copier-jpeg.eml", "copier", [LETTERS[1]])
    # A phone photo, attached as a JPEG.
    p = photo(pages["dupont"], 600)
    save("photo-dupont.jpg", encode(p, "JPEG", quality=55))
    label("photo-dupont.jpg", "photo", [LETTERS[0]])

    with open(os.path.join(OUT, "labels.toml"), "w", encoding="utf-8") as out:
        out.write("# Generated by scripts/corpus/scan/generate.py from its source letters (not from\n")
        out.write("# tamis's output). kind: copier, fax or photo.\n")
        for file, kind, letters in labels:
            out.write(f'\n[["{file}"]]\n' if False else f'\n[[file]]\nname = "{file}"\nkind = "{kind}"\n')
            ids = []
            for L in letters:
                ids += [("nir", L["nir"]), ("ipp", L["ipp"]), ("birth_date", L["birth"]), ("person_name", L["patient"])]
            out.write("identifiers = [\n")
            for cat, v in ids:
                out.write(f'  {{ category = "{cat}", value = "{v}" }},\n')
            out.write("]\n")
            diags = [d for L in letters for d in L["diagnoses"]]
            out.write("diagnoses = [" + ", ".join(f'"{d}"' for d in diags) + "]\n")


if __name__ == "__main__":
    main()
