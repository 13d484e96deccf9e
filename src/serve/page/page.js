// The pre-send page's script (served as /page.js; see src/serve/page.rs).
// It posts the document to /v1/redact (to /v1/check without recipients) and shows the report. Document text and values only ever
// reach the page through textContent, never as HTML.
"use strict";

(function () {
  const LABELS = JSON.parse(document.getElementById("labels").textContent);
  const $ = (id) => document.getElementById(id);
  const form = $("formulaire");
  const fileInput = $("fichier");
  const drop = $("depot");
  const results = $("resultats");
  let chosen = null; // the File to check, from the input or a drop
  let lastUrl = null; // the object URL of the last minimised copy

  const saved = sessionStorage.getItem("tamis-jeton");
  if (saved) $("jeton").value = saved;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function showChosen() {
    $("fichier-choisi").textContent = chosen
      ? "Fichier choisi : " + chosen.name + " (" + chosen.size + " octets)"
      : "";
    $("retirer").hidden = !chosen;
  }

  $("retirer").addEventListener("click", () => {
    chosen = null;
    fileInput.value = "";
    showChosen();
    fileInput.focus();
  });

  fileInput.addEventListener("change", () => {
    chosen = fileInput.files.length ? fileInput.files[0] : null;
    showChosen();
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("survol");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("survol"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("survol");
    if (e.dataTransfer && e.dataTransfer.files.length) {
      chosen = e.dataTransfer.files[0];
      showChosen();
    }
  });

  function toBase64(bytes) {
    let s = "";
    const step = 0x8000;
    for (let i = 0; i < bytes.length; i += step) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + step));
    }
    return btoa(s);
  }

  function fromBase64(b64) {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  // For each UTF-8 byte offset of `text` that starts a character, its offset in the
  // JavaScript string (UTF-16 units): the server's offsets are bytes. -1 elsewhere.
  function byteMap(text) {
    const map = new Int32Array(new TextEncoder().encode(text).length + 1).fill(-1);
    let b = 0;
    let u = 0;
    for (const ch of text) {
      map[b] = u;
      const cp = ch.codePointAt(0);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      u += ch.length;
    }
    map[b] = u;
    return (o) => (o >= 0 && o < map.length ? map[o] : -1);
  }

  // Where a piece of text comes from, in French, for its heading.
  function where(seg) {
    const part = seg.part ? " (pièce " + seg.part + ")" : "";
    switch (seg.origin) {
      case "body": return "Texte" + part;
      case "page": return "Page " + seg.page + part;
      case "header": return "En-tête " + seg.name + part;
      case "filename": return "Nom de fichier" + part;
      case "element": return "Contenu structuré" + part;
      case "pdf_info": return "Propriétés du PDF (" + seg.name + ")" + part;
      case "annotation": return "Annotation, page " + seg.page + part;
      case "form_field": return "Champ de formulaire " + seg.name + part;
      default: return seg.origin + part;
    }
  }

  function category(c) {
    return LABELS.categories[c] || c;
  }

  function setState(state, message) {
    results.dataset.etat = state;
    results.setAttribute("aria-busy", state === "attente" ? "true" : "false");
    $("statut").textContent = message;
  }

  function clearResults() {
    for (const id of ["destinataires-verdicts", "telechargement", "apercu", "autres"]) {
      $(id).replaceChildren();
    }
    for (const id of ["resultats-titre", "verdict", "texte-titre", "legende", "apercu", "autres-titre"]) {
      $(id).hidden = true;
    }
    $("verdict").replaceChildren();
    if (lastUrl) {
      URL.revokeObjectURL(lastUrl);
      lastUrl = null;
    }
  }

  function reasonList(reasons) {
    const ul = el("ul", null, "raisons");
    for (const r of reasons) {
      const li = el("li");
      const rule = LABELS.rules[r.rule];
      li.append(el("strong", rule ? rule.label : r.rule), " — ", el("span", r.message));
      li.append(" ", el("span", "(" + r.law + ")", "loi"));
      if (rule) li.title = rule.sentence;
      ul.append(li);
    }
    return ul;
  }

  function showRecipients(report) {
    const box = $("destinataires-verdicts");
    if (!report.recipients || !report.recipients.length) return;
    box.append(el("h3", "Pour chaque destinataire"));
    for (const d of report.recipients) {
      const card = el("article", null, "destinataire verdict-" + d.verdict);
      card.append(el("h4", d.address));
      const facts = el("p", null, "faits");
      facts.append(
        el("span", LABELS.roles[d.role] || d.role),
        " · ",
        el("span", d.trusted ? "espace de confiance MSSanté" : "hors de l'espace de confiance MSSanté"),
        " · ",
        el("span", d.care_team ? "équipe de soins" : "hors de l'équipe de soins"),
      );
      card.append(facts);
      const v = el("p", null, "verdict-ligne");
      v.append("Verdict : ", el("strong", LABELS.verdicts[d.verdict] || d.verdict, "verdict-nom"));
      card.append(v);
      if (d.reasons.length) card.append(reasonList(d.reasons));
      if (d.remove && d.remove.length) {
        const counts = new Map();
        for (const i of d.remove) {
          const f = report.findings[i];
          if (!f) continue;
          const c = category(f.category);
          counts.set(c, (counts.get(c) || 0) + 1);
        }
        const parts = [...counts].map(([c, n]) => (n > 1 ? c + " (" + n + ")" : c));
        card.append(el("p", "Retiré pour ce destinataire : " + parts.join(", "), "retraits"));
      }
      box.append(card);
    }
  }

  function showVerdict(report) {
    const v = $("verdict");
    const p = el("p", null, "verdict-global verdict-" + report.verdict);
    p.append("Verdict de l'envoi : ", el("strong", LABELS.verdicts[report.verdict] || report.verdict));
    v.append(p);
    if (report.reasons.length && (!report.recipients || !report.recipients.length)) {
      v.append(reasonList(report.reasons));
    }
    const opaque = report.parts.filter((p) => p.opaque);
    for (const part of opaque) {
      v.append(el("p", "Pièce illisible" + (part.name ? " (" + part.name + ")" : "") + " : " + (part.detail || part.opaque), "alerte"));
    }
    for (const n of report.notices || []) v.append(el("p", n.message, "avis"));
    v.hidden = false;
  }

  function showDownload(content, original) {
    const box = $("telechargement");
    if (!content) {
      if (original.blocked) {
        box.append(el("p", "Aucune copie minimisée : l'envoi est bloqué pour au moins un destinataire.", "alerte"));
      }
      return;
    }
    const bytes = fromBase64(content);
    const blob = new Blob([bytes], { type: original.type || "application/octet-stream" });
    lastUrl = URL.createObjectURL(blob);
    const a = el("a", "Télécharger la copie minimisée (" + original.downloadName + ")", "bouton");
    a.id = "copie";
    a.href = lastUrl;
    a.download = original.downloadName;
    box.append(a);
  }

  // The text a reader sees, with its findings marked: one <mark> per finding, the category's
  // French name on it; a heading per piece of text (page, header…) when there are several.
  // Findings outside these texts (facts a format states, a file's own name) are listed.
  function showFindings(report, view) {
    const box = $("apercu");
    const segments = view ? view.segments : [];
    const bySegment = segments.map(() => []);
    const placed = new Set();
    for (const m of view ? view.marks : []) {
      if (bySegment[m.segment]) {
        bySegment[m.segment].push(m);
        placed.add(m.finding);
      }
    }
    let last = null;
    segments.forEach((seg, k) => {
      const title = where(seg);
      if (segments.length > 1 && title !== last) {
        box.append(el("h4", title, "origine"));
        last = title;
      }
      const at16 = byteMap(seg.text);
      const marks = bySegment[k]
        .map((m) => ({ m, s: at16(m.start), e: at16(m.end) }))
        .filter((x) => x.s >= 0 && x.e > x.s)
        .sort((a, b) => a.s - b.s || b.e - a.e);
      const pre = el("pre", null, "segment");
      let at = 0;
      for (const x of marks) {
        const f = report.findings[x.m.finding];
        if (x.s < at || !f) continue; // overlaps one already marked
        pre.append(document.createTextNode(seg.text.slice(at, x.s)));
        const removed = f.action === "remove";
        const mark = el("mark", null, removed ? "retire" : "garde");
        mark.dataset.categorie = f.category;
        mark.dataset.index = String(x.m.finding);
        const label = category(f.category) + (f.location.hidden ? ", caché" : "") + (removed ? ", retiré" : "");
        mark.append(el("span", seg.text.slice(x.s, x.e), "valeur"), el("span", label, "etiquette"));
        pre.append(mark);
        at = x.e;
      }
      pre.append(document.createTextNode(seg.text.slice(at)));
      box.append(pre);
    });
    if (segments.length) {
      box.hidden = false;
      $("texte-titre").hidden = false;
      $("legende").hidden = false;
    }
    const ul = $("autres");
    let others = 0;
    report.findings.forEach((f, i) => {
      if (placed.has(i)) return;
      others++;
      const l = f.location;
      const place = [l.part ? "pièce " + l.part : "", l.page ? "page " + l.page : "", l.name || l.origin]
        .filter(Boolean).join(", ");
      const li = el("li", null, f.action === "remove" ? "retire" : "garde");
      li.append(el("strong", category(f.category)), " ", el("span", f.text || "", "valeur"), " ", el("span", "(" + place + ")", "lieu"));
      ul.append(li);
    });
    $("autres-titre").hidden = !others;
  }

  async function submit(e) {
    e.preventDefault();
    clearResults();
    const text = $("texte").value;
    if (!chosen && !text.trim()) {
      setState("erreur", "Déposez un fichier ou collez un texte à vérifier.");
      results.focus();
      return;
    }
    const context = {
      to: $("destinataires").value.split(/[\s,;]+/).filter(Boolean),
      care_team: $("equipe").checked,
      consent: $("consentement").checked,
      opposition: $("opposition").checked,
    };
    if ($("finalite").value) context.purpose = $("finalite").value;
    if ($("expediteur").value.trim()) context.from = $("expediteur").value.trim();
    let body;
    let original;
    if (chosen) {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      body = { content_base64: toBase64(bytes), filename: chosen.name, context, values: "clear", view: true };
      const dot = chosen.name.lastIndexOf(".");
      const stem = dot > 0 ? chosen.name.slice(0, dot) : chosen.name;
      const ext = dot > 0 ? chosen.name.slice(dot) : "";
      original = { type: chosen.type, downloadName: stem + "-minimise" + ext };
    } else {
      body = { text, context, values: "clear", view: true };
      original = { type: "text/plain;charset=utf-8", downloadName: "texte-minimise.txt" };
    }
    const token = $("jeton").value.trim();
    const headers = { "Content-Type": "application/json" };
    if (token) {
      headers.Authorization = "Bearer " + token;
      sessionStorage.setItem("tamis-jeton", token);
    }
    setState("attente", "Vérification en cours…");
    $("verifier").disabled = true;
    try {
      // Without recipients nothing is decided, so there is no copy to make: only the check.
      const minimise = context.to.length > 0;
      const resp = await fetch(minimise ? "/v1/redact" : "/v1/check",
        { method: "POST", headers, body: JSON.stringify(body) });
      const answer = await resp.json().catch(() => ({}));
      if (!resp.ok) {
        // The API's errors are for programs (in English); the person gets what to do.
        const said = {
          401: "Jeton d'accès manquant ou erroné.",
          413: "Le document dépasse la taille acceptée par le service.",
          422: "Le document n'a pas pu être lu en entier (trop de pièces imbriquées, trop gros une fois décompressé, ou trop long à lire) : il ne peut pas partir sans contrôle.",
          503: "La vérification a pris trop de temps : réessayez, ou envoyez le document en plus petites parties.",
        }[resp.status];
        const why = said || "Le service a refusé la demande (" + resp.status + ")" + (answer.error ? " : " + answer.error : ".");
        setState("erreur", why);
        return;
      }
      const report = minimise ? answer.report : answer;
      $("resultats-titre").hidden = false;
      showVerdict(report);
      showRecipients(report);
      original.blocked = report.verdict === "block";
      showDownload(answer.content_base64, original);
      showFindings(report, answer.view);
      const n = report.findings.length;
      const removed = report.findings.filter((f) => f.action === "remove").length;
      setState("fait", n === 0
        ? "Aucune donnée personnelle ou de santé trouvée."
        : minimise
          ? n + " donnée(s) trouvée(s), dont " + removed + " retirée(s) de la copie."
          : n + " donnée(s) trouvée(s). Indiquez les destinataires pour savoir ce qui peut leur être envoyé.");
    } catch (err) {
      setState("erreur", "Le service ne répond pas : vérifiez qu'il est démarré.");
    } finally {
      $("verifier").disabled = false;
      results.focus();
    }
  }

  form.addEventListener("submit", submit);
})();
