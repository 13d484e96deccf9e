#!/bin/sh
# Builds corpus/pdf/drawn/: PDFs whose visible text is not (or not truly) in their text layer,
# made from the corpus PDFs of every producer (issue 21). Run from anywhere:
#   sh scripts/corpus/drawn/make.sh
# Needs: Ghostscript (gs, used only here, as a separate program, to make the files), qpdf,
# python3 (standard library only). See corpus/pdf/drawn/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/corpus/pdf/drawn"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/outlines"

# Text drawn as vector outlines: no font, no image, only filled paths. Producers' files hold the
# same three letters: their first page (one letter) is enough; samples and blind documents whole.
outline() { # source, target, extra gs options
    src=$1 dst=$2
    shift 2
    gs -q -dBATCH -dNOPAUSE -dSAFER -sDEVICE=pdfwrite -dNoOutputFonts "$@" \
        -sOutputFile="$tmp/o.pdf" "$src"
    # Deterministic and compact: fixed ID, object streams, best compression.
    qpdf --deterministic-id --object-streams=generate --recompress-flate --compression-level=9 \
        "$tmp/o.pdf" "$dst"
}
for f in "$root"/corpus/pdf/producers/*.pdf "$root"/corpus/pdf/producers/image-page/*.pdf; do
    # qpdf-objstm.pdf is libreoffice-odt.pdf with object streams: its outlines are the same bytes.
    [ "$(basename "$f")" = qpdf-objstm.pdf ] && continue
    outline "$f" "$out/outlines/producer-$(basename "$f")" -dFirstPage=1 -dLastPage=1
done
for f in "$root"/corpus/pdf/samples/*.pdf; do
    outline "$f" "$out/outlines/sample-$(basename "$f")" -dFirstPage=1 -dLastPage=1
done
for f in "$root"/corpus/blind/docs/*.pdf; do
    outline "$f" "$out/outlines/blind-$(basename "$f")"
done

# A Type0 Identity-H font whose ToUnicode map is stripped: the codes are glyph ids.
qpdf --qdf --object-streams=disable "$root/corpus/pdf/producers/fpdf2-dejavu.pdf" "$tmp/q.pdf"
python3 "$here/make.py" strip-tounicode "$tmp/q.pdf" "$tmp/stripped.qdf"
fix-qdf "$tmp/stripped.qdf" > "$tmp/stripped.pdf"
qpdf --deterministic-id --object-streams=generate "$tmp/stripped.pdf" "$out/identity-h-without-tounicode.pdf"

# A TrueType subset (reportlab-dejavu) whose ToUnicode map is removed: ASCII codes still read as
# ASCII, the accented letters' codes have no text (accents lost: a notice).
qpdf --qdf --object-streams=disable "$root/corpus/pdf/producers/reportlab-dejavu.pdf" "$tmp/r.pdf"
python3 "$here/make.py" strip-tounicode "$tmp/r.pdf" "$tmp/r-stripped.qdf"
fix-qdf "$tmp/r-stripped.qdf" > "$tmp/r-stripped.pdf"
qpdf --deterministic-id --object-streams=generate "$tmp/r-stripped.pdf" "$out/subset-without-tounicode.pdf"

# The same kind of font (reportlab-dejavu: TrueType subset) with a wrong ToUnicode map (letters
# shifted by three): the page shows the letter, its text layer says "Fhqwuh krvslwdolhu".
python3 "$here/make.py" shift-tounicode "$tmp/r.pdf" "$tmp/shifted.qdf"
fix-qdf "$tmp/shifted.qdf" > "$tmp/shifted.pdf"
qpdf --deterministic-id --object-streams=generate "$tmp/shifted.pdf" "$out/wrong-tounicode.pdf"

# A scan (the page rendered to an image by Ghostscript) under an invisible text layer
# (render mode 3) that says something else than the picture: the picture shows a discharge
# letter, the layer only "Document numérisé".
src="$root/corpus/blind/docs/047_pdf_lettre_sortie_medecine.pdf"
gs -q -dBATCH -dNOPAUSE -dSAFER -sDEVICE=pdfimage8 -r150 -sOutputFile="$tmp/scan.pdf" "$src"
python3 "$here/make.py" invisible-layer "$tmp/layer.pdf"
qpdf --deterministic-id "$tmp/scan.pdf" --overlay "$tmp/layer.pdf" -- "$out/scan-with-disagreeing-ocr-layer.pdf"
# The same scan under an invisible layer that agrees with it (the letter's own text, as OCR
# software writes it): read, the report saying the text was hidden.
python3 "$here/make.py" invisible-text "$src" "$tmp/text-layer.pdf"
qpdf --deterministic-id "$tmp/scan.pdf" --overlay "$tmp/text-layer.pdf" -- "$out/scan-with-ocr-layer.pdf"

# Ordinary documents that must keep passing (false positives): vector drawings that are not
# text. A Chromium print of an HTML form (ruled table, check boxes, underlines, a chart with
# dots, a drawn signature, a logo), and a ReportLab letter under a letterhead whose lettering
# was outlined by Ghostscript (a logo drawn as paths over a real text layer).
mkdir -p "$out/ordinary"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$tmp/form.pdf" "$here/ordinary.html" 2>/dev/null
qpdf --deterministic-id "$tmp/form.pdf" "$out/ordinary/chromium-form-table-chart-signature.pdf"
python3 "$here/make.py" logo "$tmp/logo.pdf"
outline "$tmp/logo.pdf" "$tmp/logo-outlined.pdf"
qpdf --deterministic-id "$root/corpus/pdf/producers/reportlab-helvetica.pdf" --pages . 1 -- \
    --overlay "$tmp/logo-outlined.pdf" -- "$out/ordinary/letter-under-outlined-logo.pdf"
