#!/usr/bin/env python3
"""Writes the blind evaluation set corpus/blind/ (issue 13 §9): documents and their labels.

Every document is fictional and written here by hand (scripts/corpus/blind_docs/*.py): text,
e-mails (RFC 5322, some multipart/alternative, some with a text attachment), PDFs rendered with
reportlab (the rendered text kept beside each as NAME.pdf.txt) and French CDA R2 documents.
Each document's mentions are listed by hand with their category; this script only counts how
many times each phrase occurs (an occurrence inside a longer labelled phrase is not counted
again) and, for a decision case, marks each mention keep/remove from policy/default.toml and
the recipient's role in corpus/directory/ (what a DPO reads off the policy).

Run from the repository root with a Python that has reportlab:
    /tmp/venv-blind/bin/python scripts/corpus/gen_blind.py
"""
import html
import json
import re
import sys
import tomllib
import zlib
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "corpus" / "blind"
sys.path.insert(0, str(OUT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check  # noqa: E402  (the same text extraction as the checker)

# Recipients of corpus/directory/ (annuaire.csv and extract_mssante.txt): role, trusted.
DIRECTORY = {
    "secretariat.medical@ch-exemple.mssante.fr": ("health_professional", True),
    "dr.roux@cabinet-roux.mssante.fr": ("health_professional", True),
    "interne.pediatrie@ch-exemple.mssante.fr": ("health_professional", True),
    "standard@hopital-exemple.fr": ("health_professional", True),
    "claire.lefevre@pharmacien.mssante.fr": ("health_professional", True),
    "antoine.bernard@medecin.mssante.fr": ("health_professional", True),
    "louise.garnier@ch-exemple.mssante.fr": ("health_professional", True),
    "ines.morel@ch-exemple.mssante.fr": ("health_professional", True),
    "paul.girard@infirmier.mssante.fr": ("health_professional", True),
    "julie.fontaine@kine-exemple.mssante.fr": ("health_professional", True),
    "cardiologie@ch-exemple.mssante.fr": ("health_professional", True),
    "psy.durand@psy-exemple.mssante.fr": ("psy_titled", True),
    "marc.rolland@psy-exemple.mssante.fr": ("psy_titled", True),
    "ass.sociale@ccas-exemple.mssante.fr": ("social_worker", True),
    "sophie.caron@ccas-exemple.mssante.fr": ("social_worker", True),
    "educ.ime@ime-les-pins.mssante.fr": ("medico_social_staff", True),
    "accueil.familial@departement-exemple.mssante.fr": ("medico_social_staff", True),
    "equipe.apa@departement-exemple.mssante.fr": ("medico_social_staff", True),
    "planning@saad-les-rochers.mssante.fr": ("medico_social_staff", True),
    "infirmerie@ehpad-saint-michel.mssante.fr": ("medico_social_staff", True),
    "dui@ehpad-saint-michel.mssante.fr": ("medico_social_staff", True),
    "coordination@dac-exemple.mssante.fr": ("coordination_staff", True),
    "mjpm@udaf-exemple.mssante.fr": ("legal_protection", True),
    "tutelles.exemple@orange.fr": ("legal_protection", False),
    "295109912611193@patient.mssante.fr": ("patient", True),
    "benevoles@association-exemple.fr": ("unknown", False),
    "famille.dupuis@gmail.com": ("unknown", False),
}
IDENTITY = {"nir", "rpps", "adeli", "finess", "siret", "ipp", "person_name", "birth_date",
            "address", "phone", "email", "iban"}


def recipient(addr):
    a = addr.lower()
    if a in DIRECTORY:
        return DIRECTORY[a]
    if a.endswith(".mssante.fr"):
        return ("unknown", True)
    return ("unknown", False)


def nir(base13: str) -> str:
    """A NIR written with spaces, its key computed (FORMATS.md §1.1)."""
    digits = base13.replace(" ", "")
    assert len(digits) == 13, base13
    num = int(digits.replace("2A", "19").replace("2B", "18"))
    return f"{base13} {97 - num % 97:02d}"


def nir_compact(base13: str) -> str:
    return nir(base13).replace(" ", "")


def D(name, writer, fmt, body=None, m=(), case=None, **kw):
    return dict(name=name, writer=writer, fmt=fmt, body=body, m=list(m), case=case, **kw)


# ── rendering ────────────────────────────────────────────────────────────────────────────────

def text_to_html(text: str) -> str:
    paras = [p for p in text.split("\n\n")]
    out = []
    for p in paras:
        lines = p.split("\n")
        if all(l.startswith("- ") for l in lines if l.strip()):
            items = "".join(f"<li>{html.escape(l[2:])}</li>" for l in lines if l.strip())
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>\n".join(html.escape(l) for l in lines) + "</p>")
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head>"
            "<body style=\"font-family: Arial, sans-serif; font-size: 11pt\">\n"
            + "\n".join(out) + "\n</body></html>\n")


def write_mail(doc, path):
    msg = EmailMessage()
    msg["From"] = doc["from_"]
    msg["To"] = ", ".join(doc["to"])
    if doc.get("cc"):
        msg["Cc"] = ", ".join(doc["cc"])
    msg["Subject"] = doc["subject"]
    msg["Date"] = doc["date"]
    msg["Message-ID"] = f"<{doc['name']}.{zlib.crc32(doc['subject'].encode()):08x}@{doc['from_'].split('@')[1]}>"
    msg["MIME-Version"] = "1.0"
    for k, v in doc.get("headers", {}).items():
        msg[k] = v
    msg.set_content(doc["body"], subtype="plain", charset="utf-8", cte="quoted-printable")
    if doc.get("html"):
        msg.add_alternative(text_to_html(doc["body"]), subtype="html", charset="utf-8",
                            cte="quoted-printable")
    if doc.get("attach"):
        fname, atext = doc["attach"]
        if doc.get("html"):
            msg.make_mixed()
        msg.add_attachment(atext, subtype="plain", charset="utf-8", filename=fname,
                           cte="base64")
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_tamis_blind_{doc['name'][:3]}_{i}")
    path.write_bytes(msg.as_bytes(policy=SMTP))


def write_pdf(doc, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    style = doc.get("style", "helvetica")
    fonts = {
        "helvetica": ("Helvetica", "Helvetica-Bold", 10.5),
        "times": ("Times-Roman", "Times-Bold", 11.5),
        "courier": ("Courier", "Courier-Bold", 9.5),
        "dejavu": ("DejaVuSans", "DejaVuSans-Bold", 10),
        "dejavuserif": ("DejaVuSerif", "DejaVuSerif-Bold", 10),
    }
    regular, bold, size = fonts[style]
    if style.startswith("dejavu"):
        base = "/usr/share/fonts/truetype/dejavu/"
        file = "DejaVuSans" if style == "dejavu" else "DejaVuSerif"
        pdfmetrics.registerFont(TTFont(regular, base + file + ".ttf"))
        pdfmetrics.registerFont(TTFont(bold, base + file + "-Bold.ttf"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(doc.get("title", "Document"))
    c.setAuthor("")
    width, height = A4
    margin = 56 if style != "courier" else 48
    y = height - 60
    lead = size * 1.45
    for line in doc["body"].split("\n"):
        if y < 60:
            c.showPage()
            y = height - 60
        if line.startswith("# "):
            c.setFont(bold, size + 2)
            c.drawString(margin, y, line[2:])
        elif line.startswith(">> "):
            c.setFont(regular, size)
            c.drawRightString(width - margin, y, line[3:])
        elif line.startswith("== "):
            c.setFont(bold, size + 3)
            c.drawCentredString(width / 2, y, line[3:])
        else:
            c.setFont(regular, size)
            c.drawString(margin, y, line)
        y -= lead
    c.showPage()
    c.save()
    rendered = "\n".join(re.sub(r"^(# |>> |== )", "", l) for l in doc["body"].split("\n"))
    path.with_name(path.name + ".txt").write_text(rendered + "\n", encoding="utf-8")


def esc(s):
    return html.escape(s, quote=True)


def write_cda(doc, path):
    c = doc["cda"]
    p, a, org = c["patient"], c["author"], c["custodian"]
    pid = f'<id root="1.2.250.1.213.1.4.8" extension="{p["nir"]}"/>\n' if p.get("nir") else ""
    ipp = f'      <id root="1.2.250.1.999.4.1" extension="{p["ipp"]}"/>\n' if p.get("ipp") else ""
    addr = ""
    if p.get("addr"):
        h, s, pc, city = p["addr"]
        addr = (f"      <addr use=\"H\"><houseNumber>{h}</houseNumber><streetName>{esc(s)}</streetName>"
                f"<postalCode>{pc}</postalCode><city>{esc(city)}</city></addr>\n")
    tel = "".join(f'      <telecom value="{t}" use="H"/>\n' for t in p.get("telecom", []))
    sections = []
    for sec in c["sections"]:
        entries = ""
        for e in sec.get("entries", []):
            kind, code, system, sysname, display = e
            if kind == "problem":
                entries += f"""        <entry>
          <observation classCode="OBS" moodCode="EVN">
            <templateId root="1.3.6.1.4.1.19376.1.5.3.1.4.5"/>
            <code code="282291009" codeSystem="2.16.840.1.113883.6.96" displayName="Diagnostic"/>
            <statusCode code="completed"/>
            <value xsi:type="CD" code="{code}" codeSystem="{system}" codeSystemName="{sysname}" displayName="{esc(display)}"/>
          </observation>
        </entry>
"""
            elif kind == "med":
                entries += f"""        <entry>
          <substanceAdministration classCode="SBADM" moodCode="INT">
            <templateId root="1.3.6.1.4.1.19376.1.5.3.1.4.7"/>
            <statusCode code="active"/>
            <consumable><manufacturedProduct><manufacturedMaterial>
              <code code="{code}" codeSystem="{system}" codeSystemName="{sysname}" displayName="{esc(display)}"/>
            </manufacturedMaterial></manufacturedProduct></consumable>
          </substanceAdministration>
        </entry>
"""
            elif kind == "proc":
                entries += f"""        <entry>
          <procedure classCode="PROC" moodCode="EVN">
            <templateId root="1.3.6.1.4.1.19376.1.5.3.1.4.19"/>
            <code code="{code}" codeSystem="{system}" codeSystemName="{sysname}" displayName="{esc(display)}"/>
            <statusCode code="completed"/>
          </procedure>
        </entry>
"""
        sections.append(f"""  <component>
    <section>
      <code code="{sec['code']}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC"/>
      <title>{esc(sec['title'])}</title>
      <text>
{sec['text']}
      </text>
{entries}    </section>
  </component>""")
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <templateId root="2.16.840.1.113883.2.8.2.1"/>
  <templateId root="1.2.250.1.213.1.1.1.1"/>
  <id root="1.2.250.1.999.1.{doc['name'][:3]}" extension="{doc['name']}"/>
  <code code="{c['code']}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="{esc(c['code_name'])}"/>
  <title>{esc(c['title'])}</title>
  <effectiveTime value="{c['time']}"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <recordTarget>
    <patientRole>
      {pid}{ipp}{addr}{tel}      <patient classCode="PSN">
        <name><given>{esc(p['given'])}</given> <family qualifier="BR">{esc(p['family'])}</family></name>
        <administrativeGenderCode code="{p['gender']}" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="{p['birth']}"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="{c['time']}"/>
    <assignedAuthor>
      <id root="1.2.250.1.71.4.2.1" extension="{a['rpps']}"/>
      <code code="{a['prof_code']}" codeSystem="1.2.250.1.213.1.1.4.5" displayName="{esc(a['prof'])}"/>
      <assignedPerson><name><prefix>{esc(a.get('prefix', ''))}</prefix> <given>{esc(a['given'])}</given> <family>{esc(a['family'])}</family></name></assignedPerson>
      <representedOrganization>
        <id root="1.2.250.1.71.4.2.2" extension="{org['finess']}"/>
        <name>{esc(org['name'])}</name>
      </representedOrganization>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian><representedCustodianOrganization>
      <id root="1.2.250.1.71.4.2.2" extension="{org['finess']}"/>
      <name>{esc(org['name'])}</name>
    </representedCustodianOrganization></assignedCustodian>
  </custodian>
  <legalAuthenticator>
    <time value="{c['time']}"/>
    <signatureCode code="S"/>
    <assignedEntity>
      <id root="1.2.250.1.71.4.2.1" extension="{a['rpps']}"/>
      <assignedPerson><name><given>{esc(a['given'])}</given> <family>{esc(a['family'])}</family></name></assignedPerson>
    </assignedEntity>
  </legalAuthenticator>
  <component>
    <structuredBody>
{chr(10).join(sections)}
    </structuredBody>
  </component>
</ClinicalDocument>
"""
    path.write_text(xml, encoding="utf-8")


# ── labels ───────────────────────────────────────────────────────────────────────────────────

def counts(text, mentions):
    """Occurrences of each phrase, longer phrases first; an occurrence inside an already
    counted longer phrase is not counted again."""
    taken = []
    result = {}
    order = sorted(range(len(mentions)), key=lambda i: -len(mentions[i][1]))
    for i in order:
        phrase = check.norm(mentions[i][1])
        pat = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
        n = 0
        for mo in re.finditer(pat, text):
            s, e = mo.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            n += 1
        result[i] = n
    return result


def decide(doc, policy):
    case = doc["case"]
    roles = [recipient(a) for a in case["to"]]
    assert len(roles) == 1, "one recipient per case"
    role, trusted = roles[0]
    cell = policy[case["purpose"]][role]
    needed = set(cell["needed"])
    health = any(m[0] not in IDENTITY for m in doc["m"])
    block = None
    if role == "unknown":
        block = "destinataire non qualifié"
    elif not trusted and health:
        block = "canal hors espace de confiance MSSanté"
    elif role != "patient" and not case["care_team"] and not case["consent"]:
        block = "hors équipe de soins sans consentement"
    actions = []
    for m in doc["m"]:
        cat, flags = m[0], m[2:]
        keep = cat in needed
        if keep and "s" in flags:
            keep = role in policy["sensitive_roles"] and (
                role == "patient" or case["care_team"] or not policy["sensitive_needs_care_team"])
        actions.append("remove" if block or not keep else "keep")
    verdict = "block" if block else ("minimise" if "remove" in actions else "pass")
    if case.get("verdict"):
        assert case["verdict"] == verdict, (doc["name"], case["verdict"], verdict)
    return verdict, actions


def q(s):
    return json.dumps(s, ensure_ascii=False)


def write_label(doc, relpath, text, policy):
    lines = [f"document = {q(relpath)}", f"writer = {q(doc['writer'])}", f"format = {q(doc['fmt'])}"]
    if doc.get("about"):
        lines.append(f"description = {q(doc['about'])}")
    lines.append("")
    actions = None
    if doc["case"]:
        verdict, actions = decide(doc, policy)
        c = doc["case"]
        lines += ["[case]", f"purpose = {q(c['purpose'])}", f"to = [{', '.join(q(t) for t in c['to'])}]",
                  f"care_team = {str(c['care_team']).lower()}", f"consent = {str(c['consent']).lower()}",
                  f"verdict = {q(verdict)}", f"why = {q(c['why'])}", ""]
    cnt = counts(check.norm(text), doc["m"])
    for i, m in enumerate(doc["m"]):
        cat, phrase, flags = m[0], m[1], m[2:]
        if cnt[i] == 0:
            raise SystemExit(f"{doc['name']}: {cat} {phrase!r} not found")
        lines += ["[[mention]]", f"category = {q(cat)}", f"text = {q(phrase)}"]
        if cnt[i] > 1:
            lines.append(f"count = {cnt[i]}")
        if "neg" in flags:
            lines.append("negated = true")
        if "s" in flags:
            lines.append("sensitive = true")
        if actions:
            lines.append(f"action = {q(actions[i])}")
        lines.append("")
    (OUT / "labels" / f"{doc['name']}.toml").write_text("\n".join(lines), encoding="utf-8")
    return actions


def main():
    policy = tomllib.loads((REPO / "policy" / "default.toml").read_text(encoding="utf-8"))
    import blind_docs
    docs = blind_docs.all_docs()
    names = [d["name"] for d in docs]
    assert len(names) == len(set(names)), "duplicate document name"
    ext = {"text": ".txt", "mail": ".eml", "pdf": ".pdf", "cda": ".xml"}
    for doc in docs:
        path = OUT / "docs" / (doc["name"] + ext[doc["fmt"]])
        if doc["fmt"] == "text":
            path.write_text(doc["body"].strip("\n") + "\n", encoding="utf-8")
            text = path.read_text(encoding="utf-8")
        elif doc["fmt"] == "mail":
            write_mail(doc, path)
            text = check.eml_text(path)
        elif doc["fmt"] == "pdf":
            write_pdf(doc, path)
            text = path.with_name(path.name + ".txt").read_text(encoding="utf-8")
        else:
            write_cda(doc, path)
            text = check.cda_text(path)
        write_label(doc, f"docs/{path.name}", text, policy)
    print(f"{len(docs)} documents written")


if __name__ == "__main__":
    main()
