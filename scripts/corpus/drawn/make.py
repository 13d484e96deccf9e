"""Helpers of make.sh (standard library only): edit a QDF file, write text-layer PDFs.

  make.py strip-tounicode IN.qdf OUT.pdf   drop every /ToUnicode entry (qpdf --qdf input)
  make.py shift-tounicode IN.qdf OUT.qdf   shift the letters a ToUnicode map gives by three (a
                                           wrong map: the page shows a letter, the text is not)
  make.py invisible-layer OUT.pdf          one A4 page: "Document numérisé" in render mode 3
  make.py logo OUT.pdf                     one A4 page: a letterhead's lettering (to be outlined)
  make.py invisible-text SRC.pdf OUT.pdf   one A4 page per page of SRC: its text (pdftotext
                                           -layout) in render mode 3, line by line
"""

import re
import subprocess
import sys


def pdf(pages):
    """A minimal PDF: one page per content stream, Helvetica (WinAnsi) as /F1."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in pages:
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objs)
        )
        kids.append(b"%d 0 R" % len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return bytes(out)


def literal(text):
    """A PDF literal string in WinAnsi (Latin-1 is close enough for French)."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def invisible(lines, top=800, step=12):
    body = b"BT 3 Tr /F1 10 Tf 12 TL 1 0 0 1 50 %d Tm\n" % top
    for line in lines:
        body += literal(line) + b" Tj T*\n"
    return body + b"ET"


def main():
    cmd = sys.argv[1]
    if cmd == "strip-tounicode":
        data = open(sys.argv[2], "rb").read()
        data, n = re.subn(rb"/ToUnicode \d+ 0 R", b"", data)
        assert n > 0, "no ToUnicode entry"
        # qpdf repairs the lengths and the cross-reference table when it reads the file again.
        open(sys.argv[3], "wb").write(data)
    elif cmd == "shift-tounicode":
        data = open(sys.argv[2], "rb").read()

        def shift(m):
            u = int(m.group(2), 16)
            if 0x61 <= u <= 0x7A:
                u = 0x61 + (u - 0x61 + 3) % 26
            elif 0x41 <= u <= 0x5A:
                u = 0x41 + (u - 0x41 + 3) % 26
            return m.group(1) + b"<%04X>" % u

        out, n = re.subn(rb"(<[0-9A-Fa-f]{2,4}> )<([0-9A-Fa-f]{4})>", shift, data)
        assert n > 0, "no bfchar entry"
        open(sys.argv[3], "wb").write(out)
    elif cmd == "invisible-layer":
        open(sys.argv[2], "wb").write(pdf([invisible(["Document numérisé"])]))
    elif cmd == "logo":
        body = (
            b"0.1 0.2 0.45 rg BT /F1 16 Tf 1 0 0 1 330 812 Tm " + literal("CENTRE HOSPITALIER") +
            b" Tj 0 -18 Td " + literal("EXEMPLE") + b" Tj /F1 8 Tf 0 -11 Td " +
            literal("Pôle gériatrie") + b" Tj ET"
        )
        open(sys.argv[2], "wb").write(pdf([body]))
    elif cmd == "invisible-text":
        text = subprocess.run(
            ["pdftotext", "-layout", sys.argv[2], "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        pages = [invisible([l.strip() for l in p.splitlines()]) for p in text.split("\f") if p.strip()]
        open(sys.argv[3], "wb").write(pdf(pages))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
