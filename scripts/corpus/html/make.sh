#!/bin/sh
# Builds corpus/html/*.html: the three fictional letters of corpus/text/ exported as HTML by
# LibreOffice Writer (its classic HTML filter and its XHTML filter), and the classic export
# re-encoded in Windows-1252 as older office software writes it.
# Run from anywhere: sh scripts/corpus/html/make.sh
# Needs: python3 with reportlab and fpdf2 (the PDF script builds the shared source), LibreOffice.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/corpus/html"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/pdf/image-page"
export SOURCE_DATE_EPOCH=1735689600

# The flat ODT of the letters, as the PDF producers' script writes it.
python3 "$root/scripts/corpus/pdf/producers/make.py" "$root" "$tmp/pdf" "$tmp"

soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to "html:HTML (StarWriter)" --outdir "$tmp/lo" "$tmp/letters.fodt" >/dev/null 2>&1
cp "$tmp/lo/letters.html" "$out/libreoffice-writer.html"
rm -rf "$tmp/lo"
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to "xhtml:XHTML Writer File" --outdir "$tmp/lo" "$tmp/letters.fodt" >/dev/null 2>&1
cp "$tmp/lo/letters.xhtml" "$out/libreoffice-xhtml.html"

python3 - "$out/libreoffice-writer.html" "$out/libreoffice-writer-windows-1252.html" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
src = re.sub(r'charset=utf-8', 'charset=windows-1252', src, flags=re.I)
open(sys.argv[2], "w", encoding="cp1252", newline="").write(src)
PY
