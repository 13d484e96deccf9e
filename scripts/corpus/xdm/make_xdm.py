#!/usr/bin/env python3
"""Generates corpus/xdm/: an MSSanté IHE_XDM package, the e-mails that carry it, and zip
archives that exercise the zip reader (nesting, encryption, compression methods, damage).

Every document is fictional and written here. The output is deterministic (fixed timestamps,
fixed MIME boundaries, reportlab's invariant mode, a fixed ZipCrypto header), so running the
script again gives the same bytes:

    python3 scripts/corpus/xdm/make_xdm.py            # writes corpus/xdm/
    python3 scripts/corpus/xdm/make_xdm.py --check    # fails if corpus/xdm/ differs

Needs Python 3.9+ and reportlab (PyPI, BSD licence) for the PDF.
"""

import argparse
import io
import struct
import sys
import zipfile
import zlib
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "corpus" / "xdm"
STAMP = (2026, 11, 2, 9, 30, 0)

# The fictional patient. NIR 2 38 04 64 445 123, key 97 - (2380464445123 mod 97) = 70.
INS = "238046444512370"
INS_OID = "1.2.250.1.213.1.4.8"
DOC_CODE = "11490-0"

CDA = f"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <templateId root="2.16.840.1.113883.2.8.2.1"/>
  <templateId root="1.2.250.1.213.1.1.1.1"/>
  <id root="1.2.250.1.999.1.1" extension="LDL-2026-0412"/>
  <code code="{DOC_CODE}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC"
        displayName="Lettre de liaison"/>
  <title>Lettre de liaison - transfert d'une résidente d'EHPAD</title>
  <effectiveTime value="20261102093000+0100"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <setId root="1.2.250.1.999.1.2" extension="LDL-2026-0412"/>
  <versionNumber value="1"/>
  <recordTarget>
    <patientRole>
      <id root="{INS_OID}" extension="{INS}"/>
      <id root="1.2.250.1.999.1.3" extension="R-0412"/>
      <addr>
        <streetAddressLine>EHPAD Les Glycines, 3 chemin des Vignes</streetAddressLine>
        <postalCode>64400</postalCode>
        <city>Oloron-Sainte-Marie</city>
      </addr>
      <patient>
        <name>
          <given>Odette</given>
          <family qualifier="BR">DARTOIS</family>
        </name>
        <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="19380412"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="20261102093000+0100"/>
    <assignedAuthor>
      <id root="1.2.250.1.71.4.2.1" nullFlavor="MSK"/>
      <assignedPerson>
        <name><prefix>Dr</prefix><given>Marc</given><family>LEFEVRE</family></name>
      </assignedPerson>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian>
      <representedCustodianOrganization>
        <id root="1.2.250.1.999.1.4" extension="EHPAD-GLYCINES"/>
        <name>EHPAD Les Glycines</name>
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <component>
    <structuredBody>
      <component>
        <section>
          <code code="42349-1" codeSystem="2.16.840.1.113883.6.1" displayName="Motif du transfert"/>
          <title>Motif du transfert</title>
          <text>Chute dans la chambre ce matin, douleur de la hanche gauche. Mme Odette DARTOIS,
née le 12/04/1938, matricule INS 2 38 04 64 445 123 70. Maladie d'Alzheimer,
diabète de type 2 sous metformine 850 mg matin et soir. GIR 2.</text>
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
"""

METADATA = f"""<?xml version="1.0" encoding="UTF-8"?>
<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"
    xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:RegistryObjectList>
    <rim:RegistryPackage id="SubmissionSet01" objectType="urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage">
      <rim:Slot name="submissionTime"><rim:ValueList><rim:Value>20261102083000</rim:Value></rim:ValueList></rim:Slot>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446"
          value="{INS}^^^&amp;{INS_OID}&amp;ISO" registryObject="SubmissionSet01" id="ei01"/>
    </rim:RegistryPackage>
    <rim:ExtrinsicObject id="Document01" mimeType="text/xml"
        objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
      <rim:Slot name="creationTime"><rim:ValueList><rim:Value>20261102083000</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="languageCode"><rim:ValueList><rim:Value>fr-FR</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="sourcePatientId"><rim:ValueList><rim:Value>{INS}^^^&amp;{INS_OID}&amp;ISO</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="sourcePatientInfo"><rim:ValueList>
        <rim:Value>PID-5|DARTOIS^Odette^^^^^L</rim:Value>
        <rim:Value>PID-7|19380412</rim:Value>
        <rim:Value>PID-8|F</rim:Value>
      </rim:ValueList></rim:Slot>
      <rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.XML</rim:Value></rim:ValueList></rim:Slot>
      <rim:Classification classificationScheme="urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"
          classifiedObject="Document01" nodeRepresentation="{DOC_CODE}" id="cl01">
        <rim:Slot name="codingScheme"><rim:ValueList><rim:Value>2.16.840.1.113883.6.1</rim:Value></rim:ValueList></rim:Slot>
        <rim:Name><rim:LocalizedString value="Lettre de liaison"/></rim:Name>
      </rim:Classification>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
          value="{INS}^^^&amp;{INS_OID}&amp;ISO" registryObject="Document01" id="ei02"/>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"
          value="1.2.250.1.999.1.1^LDL-2026-0412" registryObject="Document01" id="ei03"/>
    </rim:ExtrinsicObject>
  </rim:RegistryObjectList>
</lcm:SubmitObjectsRequest>
"""

INDEX = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>IHE_XDM</title></head>
<body><h1>Contenu de l'archive</h1>
<ul><li><a href="IHE_XDM/SUBSET01/DOC0001.XML">Lettre de liaison (CDA)</a></li>
<li><a href="IHE_XDM/SUBSET01/DOC0002.PDF">Lettre de liaison (PDF)</a></li></ul>
</body></html>
"""

README = """Archive IHE_XDM produite par le logiciel de soins de l'EHPAD Les Glycines.
Editeur : logiciel fictif, version 1.0, pour les tests de tamis.
"""


# The same package with the whole identity in the `sourcePatientInfo` slot, as HL7 v2 PID fields
# (IHE ITI TF-3 4.2.3.2.23): PID-3 the INS and the local id (`~` between repetitions), PID-5 the
# birth name, PID-7 the birth date, PID-8 the sex, PID-11 the address.
SOURCE_PATIENT_INFO = """<rim:Slot name="sourcePatientInfo"><rim:ValueList>
        <rim:Value>PID-3|{ins}^^^&amp;{oid}&amp;ISO^NH~R-0412^^^&amp;1.2.250.1.999.1.3&amp;ISO^PI</rim:Value>
        <rim:Value>PID-5|DARTOIS^Odette^^^^^L</rim:Value>
        <rim:Value>PID-7|19380412</rim:Value>
        <rim:Value>PID-8|F</rim:Value>
        <rim:Value>PID-11|3 chemin des Vignes^EHPAD Les Glycines^Oloron-Sainte-Marie^^64400^FRA^H</rim:Value>
      </rim:ValueList></rim:Slot>""".format(ins=INS, oid=INS_OID)


def metadata_with_pid() -> str:
    start = METADATA.index('<rim:Slot name="sourcePatientInfo">')
    end = METADATA.index("</rim:Slot>", start) + len("</rim:Slot>")
    return METADATA[:start] + SOURCE_PATIENT_INFO + METADATA[end:]


def pdf_letter() -> bytes:
    """A one-page PDF rendering of the letter (reportlab, invariant mode: reproducible)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("Lettre de liaison")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 780, "EHPAD Les Glycines - Lettre de liaison")
    c.setFont("Helvetica", 11)
    lines = [
        "Patiente : Mme Odette DARTOIS, née le 12/04/1938",
        "Matricule INS : 2 38 04 64 445 123 70",
        "Motif : chute dans la chambre, douleur de la hanche gauche.",
        "Antécédents : maladie d'Alzheimer, diabète de type 2. GIR 2.",
        "Traitement : metformine 850 mg matin et soir.",
        "Dr Marc LEFEVRE, médecin coordonnateur",
    ]
    for i, line in enumerate(lines):
        c.drawString(72, 740 - 18 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def info(name: str, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=STAMP)
    zi.compress_type = method
    zi.external_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o100644 << 16
    zi.create_system = 3
    return zi


def make_zip(entries) -> bytes:
    """entries: (name, bytes[, method]); a name ending in '/' is a folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for entry in entries:
            name, data = entry[0], entry[1]
            method = entry[2] if len(entry) > 2 else zipfile.ZIP_DEFLATED
            if name.endswith("/"):
                z.writestr(info(name, zipfile.ZIP_STORED), b"")
            else:
                z.writestr(info(name, method), data)
    return buf.getvalue()


def xdm_zip(metadata: str = METADATA) -> bytes:
    return make_zip(
        [
            ("INDEX.HTM", INDEX.encode()),
            ("README.TXT", README.encode()),
            ("IHE_XDM/", b""),
            ("IHE_XDM/SUBSET01/", b""),
            ("IHE_XDM/SUBSET01/METADATA.XML", metadata.encode()),
            ("IHE_XDM/SUBSET01/DOC0001.XML", CDA.encode()),
            ("IHE_XDM/SUBSET01/DOC0002.PDF", pdf_letter(), zipfile.ZIP_STORED),
        ]
    )


def mail(zip_bytes: bytes, ins_header: str, message_id: str) -> bytes:
    """The MSSanté message that carries the package, with its X-MSS-* headers."""
    m = EmailMessage(policy=SMTP)
    m["From"] = "Dr Marc LEFEVRE <marc.lefevre@ehpad-glycines.mssante.fr>"
    m["To"] = "Urgences <urgences@ch-oloron.mssante.fr>"
    m["Subject"] = "XDM/1.0/DDM+Lettre de liaison DARTOIS Odette 12/04/1938"
    m["Date"] = "Mon, 02 Nov 2026 09:30:00 +0100"
    m["Message-ID"] = f"<{message_id}@ehpad-glycines.mssante.fr>"
    m["X-MSS-CODECDA"] = DOC_CODE
    m["X-MSS-INS"] = ins_header
    m.set_content(
        "Bonjour,\n\nVeuillez trouver ci-joint la lettre de liaison de votre patiente.\n\n"
        "Cordialement,\nDr Marc LEFEVRE\n"
    )
    m.add_attachment(zip_bytes, maintype="application", subtype="zip", filename="IHE_XDM.ZIP")
    m.set_boundary("=_tamis_xdm_boundary_01")
    return m.as_bytes()


def nested_zip() -> bytes:
    """A zip with a text file and a nested zip holding a nursing note with an NIR."""
    note = (
        "Transmission infirmière du 2 novembre 2026\n"
        "Résidente : Mme Odette DARTOIS, NIR 2 38 04 64 445 123 70.\n"
        "Glycémie capillaire 1,42 g/l à 7 h. Pansement du talon refait.\n"
    ).encode()
    inner = make_zip([("notes/", b""), ("notes/transmission.txt", note)])
    return make_zip(
        [
            ("lisezmoi.txt", "Dossier de transmission (archive de test).\n".encode()),
            ("dossier/", b""),
            ("dossier/transmissions.zip", inner, zipfile.ZIP_STORED),
        ]
    )


# --- ZipCrypto (PKWARE traditional encryption), written here for a reproducible header ------

def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


CRC = _crc_table()


class ZipCrypto:
    def __init__(self, password: bytes):
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for b in password:
            self.update(b)

    def update(self, b: int):
        k0, k1, k2 = self.keys
        k0 = CRC[(k0 ^ b) & 0xFF] ^ (k0 >> 8)
        k1 = (k1 + (k0 & 0xFF)) & 0xFFFFFFFF
        k1 = (k1 * 134775813 + 1) & 0xFFFFFFFF
        k2 = CRC[(k2 ^ (k1 >> 24)) & 0xFF] ^ (k2 >> 8)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for p in data:
            t = (self.keys[2] | 2) & 0xFFFF
            c = p ^ (((t * (t ^ 1)) >> 8) & 0xFF)
            self.update(p)
            out.append(c)
        return bytes(out)


def encrypted_zip() -> bytes:
    """An archive with a plain entry and a ZipCrypto-encrypted one (password `tamis`)."""
    plain = "Ce fichier n'est pas chiffré.\n".encode()
    secret = "Compte rendu confidentiel : Mme Odette DARTOIS.\n".encode()
    crc = zlib.crc32(secret)
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = deflater.compress(secret) + deflater.flush()
    # 12-byte encryption header: 11 fixed bytes, then the CRC's high byte (the check byte).
    header = bytes(range(1, 12)) + bytes([crc >> 24])
    cipher = ZipCrypto(b"tamis").encrypt(header + packed)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(info("lisezmoi.txt"), plain)
    data = bytearray(buf.getvalue())
    # Rebuild by hand: local header + data for the encrypted entry, then the central directory.
    central_start = struct.unpack_from("<I", data, len(data) - 6)[0]
    locals_part = bytes(data[:central_start])
    central_part = bytes(data[central_start : len(data) - 22])
    name = b"confidentiel/compte_rendu.txt"
    dos_time = (STAMP[3] << 11) | (STAMP[4] << 5) | (STAMP[5] // 2)
    dos_date = ((STAMP[0] - 1980) << 9) | (STAMP[1] << 5) | STAMP[2]
    offset = len(locals_part)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0x0001, 8, dos_time, dos_date, crc,
        len(cipher), len(secret), len(name), 0,
    ) + name + cipher
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0x0001, 8, dos_time, dos_date, crc,
        len(cipher), len(secret), len(name), 0, 0, 0, 0, 0o100644 << 16, offset,
    ) + name
    body = locals_part + local
    cd = central_part + central
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(cd), len(body), 0)
    return body + cd + eocd


def methods_zip() -> bytes:
    """Stored, deflated, bzip2 and LZMA entries: tamis reads the first two only."""
    text = "Compte rendu de passage infirmier, sans donnée particulière.\n".encode()
    return make_zip(
        [
            ("stocke.txt", text, zipfile.ZIP_STORED),
            ("deflate.txt", text, zipfile.ZIP_DEFLATED),
            ("bzip2.txt", text, zipfile.ZIP_BZIP2),
            ("lzma.txt", text, zipfile.ZIP_LZMA),
        ]
    )


def corrupt_zip() -> bytes:
    """A zip whose end-of-central-directory record points past the end of the file."""
    data = bytearray(nested_zip())
    eocd = len(data) - 22
    struct.pack_into("<I", data, eocd + 16, len(data) + 4096)
    return bytes(data)


def outputs() -> dict:
    package = xdm_zip()
    return {
        "IHE_XDM.ZIP": package,
        "xdm_pid.zip": xdm_zip(metadata_with_pid()),
        "mss_xdm_ok.eml": mail(package, "O", "xdm-ok-0001"),
        "mss_xdm_ins_wrong.eml": mail(package, "N", "xdm-ins-wrong-0001"),
        "nested.zip": nested_zip(),
        "encrypted_entry.zip": encrypted_zip(),
        "methods.zip": methods_zip(),
        "corrupt_directory.zip": corrupt_zip(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, data in outputs().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    if stale:
        print("corpus/xdm is not what make_xdm.py writes:", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
