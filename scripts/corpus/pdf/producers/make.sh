#!/bin/sh
# Builds corpus/pdf/producers/*.pdf: the same three fictional letters of corpus/text/ (one per
# page) through several PDF producers. Run from anywhere: sh scripts/corpus/pdf/producers/make.sh
# Needs: python3 with reportlab and fpdf2, LibreOffice (soffice), qpdf, fonts-dejavu-core.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out="$root/corpus/pdf/producers"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/image-page"
export SOURCE_DATE_EPOCH=1735689600   # 2025-01-01, for the producers that honour it

python3 "$here/make.py" "$root" "$out" "$tmp"

# LibreOffice: flat ODT and HTML → PDF (a private profile so that the user's settings do not
# leak in). Both sources are named letters.*: convert them one at a time.
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to pdf --outdir "$tmp/lo" "$tmp/letters.fodt" >/dev/null 2>&1
cp "$tmp/lo/letters.pdf" "$out/libreoffice-odt.pdf"
rm -rf "$tmp/lo"
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --infilter="HTML (StarWriter)" --convert-to pdf --outdir "$tmp/lo" "$tmp/letters.html" >/dev/null 2>&1
cp "$tmp/lo/letters.pdf" "$out/libreoffice-html.pdf"

# qpdf: the LibreOffice file rewritten with object streams and a cross-reference stream.
qpdf --deterministic-id --object-streams=generate "$out/libreoffice-odt.pdf" "$out/qpdf-objstm.pdf"
# qpdf: the reportlab pages laid as an overlay on blank pages: their text is in Form XObjects.
qpdf --deterministic-id --empty --pages "$tmp/blank.pdf" -- --overlay "$out/reportlab-helvetica.pdf" -- \
    "$out/qpdf-overlay-xobject.pdf"

ls -l "$out"/*.pdf "$out"/image-page/*.pdf
