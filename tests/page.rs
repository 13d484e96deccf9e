//! The pre-send page of `tamis serve` (issue 17 §6) as a secretary uses it, in headless
//! Chromium driven over the DevTools protocol (`--remote-debugging-pipe`: JSON messages ended by
//! a NUL byte on descriptors 3 and 4, no extra crate): the page loaded from the binary on
//! loopback, a corpus letter chosen in the file field, the purpose, recipients and care team
//! filled in, the form sent with the keyboard; then the DOM is read — the findings marked in
//! the text with their French categories, each recipient's verdict and reasons, the download of
//! the minimised copy (fetched from its link, without the removed values) — and a second,
//! pasted text is blocked for an ordinary mailbox. No console message, no CSP violation, no
//! request outside the page's origin; the screenshots go to `target/page-artefacts/`.

use crate::common::tool;
use crate::serve::Server;
use base64::Engine as _;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const LETTER: &str = "corpus/text/lettre_liaison_ehpad.txt";

/// Where the artefacts a person looks at go: `target/page-artefacts/`.
fn artefacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("page-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Headless Chromium under the DevTools protocol, on a pipe; killed when dropped.
struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    /// Events seen while waiting for answers (console messages, log entries, requests).
    events: Vec<Value>,
    session: Option<String>,
}

impl Browser {
    /// A browser with one page open at `url`, once loaded, its console, log and network
    /// followed.
    fn open(profile: &Path, url: &str) -> Browser {
        let mut b = Browser::start(profile);
        let target = b.call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = b.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        b.session = Some(attached["sessionId"].as_str().unwrap().to_string());
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
        ] {
            b.call(domain, json!({}));
        }
        b.call("Page.navigate", json!({ "url": url }));
        b.wait_event("Page.loadEventFired");
        b
    }

    fn start(profile: &Path) -> Browser {
        // Descriptor 3 is what Chromium reads, 4 what it writes: the shell puts our stdin and
        // stdout there and sends Chromium's own stdout away.
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(
                "exec chromium --headless --no-sandbox --disable-gpu \
                 --disable-background-networking --disable-component-update --disable-sync \
                 --no-first-run --hide-scrollbars --lang=fr-FR --remote-debugging-pipe \
                 --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
                 --user-data-dir=\"$1\" 3<&0 4>&1 >/dev/null 2>/dev/null",
            )
            .arg("sh")
            .arg(profile)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&0) {
                            buf.pop();
                        }
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf)
                            && tx.send(v).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            input,
            messages,
            next_id: 0,
            events: Vec::new(),
            session: None,
        }
    }

    /// Sends a command (to the page's session once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.input.write_all(&bytes).unwrap();
        self.input.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = match self.messages.recv_timeout(left) {
                Ok(v) => v,
                Err(RecvTimeoutError::Timeout) => panic!("no answer to {method}"),
                Err(RecvTimeoutError::Disconnected) => panic!("Chromium went away during {method}"),
            };
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    /// Sends a command to the browser itself, not the page.
    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.take();
        let r = self.call(method, params);
        self.session = session;
        r
    }

    /// Waits for an event named `method` (already seen, or to come) whose parameters have
    /// `state` when given.
    fn wait_event_with(&mut self, method: &str, state: Option<&str>) {
        let fits =
            |e: &Value| e["method"] == method && state.is_none_or(|s| e["params"]["state"] == s);
        if self.events.iter().any(fits) {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {method}"));
            let done = fits(&v);
            self.events.push(v);
            if done {
                return;
            }
        }
    }

    /// Waits for an event named `method` (already seen, or to come).
    fn wait_event(&mut self, method: &str) {
        if self.events.iter().any(|e| e["method"] == method) {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {method}"));
            let done = v["method"] == method;
            self.events.push(v);
            if done {
                return;
            }
        }
    }

    /// Evaluates `expr` in the page (awaiting a promise) and returns its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Waits until the results section says it is done (or failed).
    fn wait_results(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let state = self.eval("document.getElementById('resultats').dataset.etat");
            let state = state.as_str().unwrap_or("").to_string();
            if state == "fait" || state == "erreur" {
                return state;
            }
            assert!(Instant::now() < deadline, "no result on the page");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses a key on the focused element, as a keyboard would.
    fn press(&mut self, key: &str, code: &str, text: &str, key_code: u32) {
        for kind in ["keyDown", "keyUp"] {
            let mut p = json!({ "type": kind, "key": key, "code": code,
                "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code });
            if kind == "keyDown" && !text.is_empty() {
                p["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", p);
        }
    }

    fn screenshot(&mut self, path: &Path) {
        let height = self
            .eval("Math.ceil(document.documentElement.scrollHeight)")
            .as_u64()
            .unwrap_or(2000)
            .clamp(600, 8000);
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1200, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_secretary_checks_a_letter_on_the_page_and_downloads_the_minimised_copy() {
    if !tool("chromium", "the pre-send page in headless Chromium") {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let directory = format!("{root}/corpus/directory/annuaire.csv");
    let server = Server::start(&["--directory", &directory], &[]);
    let letter_path = PathBuf::from(root).join(LETTER);
    let letter = std::fs::read_to_string(&letter_path).unwrap();

    // The page's own headers: a strict policy, no sniffing.
    let resp = crate::serve::agent().get(&server.url("/")).call().unwrap();
    let csp = resp
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(
        resp.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );

    let profile = tempfile::tempdir().unwrap();
    let mut b = Browser::open(profile.path(), &server.url("/"));

    // The form: the purposes in French, every control with its label.
    let purposes =
        b.eval("[...document.querySelectorAll('#finalite option')].map(o => o.textContent)");
    assert!(
        purposes
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "continuité des soins"),
        "{purposes}"
    );
    let unlabelled = b.eval(
        "[...document.querySelectorAll('input, select, textarea')]\
         .filter(e => !document.querySelector('label[for=\"' + e.id + '\"]')).map(e => e.id)",
    );
    assert_eq!(unlabelled, json!([]), "controls without a label");

    // The letter chosen in the file field, as the file picker does.
    let doc = b.call("DOM.getDocument", json!({}));
    let node = b.call(
        "DOM.querySelector",
        json!({ "nodeId": doc["root"]["nodeId"], "selector": "#fichier" }),
    );
    b.call(
        "DOM.setFileInputFiles",
        json!({ "nodeId": node["nodeId"], "files": [letter_path.to_str().unwrap()] }),
    );
    b.eval(
        "(() => { const f = document.getElementById('finalite'); f.value = 'care_continuity';\
         document.getElementById('destinataires').value = 'Dr.Roux@Cabinet-Roux.MSSante.fr\\nsecretariat.medical@ch-exemple.mssante.fr';\
         document.getElementById('equipe').checked = true;\
         document.getElementById('verifier').focus(); return true; })()",
    );
    // Sent with the keyboard: Enter on the focused button.
    b.press("Enter", "Enter", "\r", 13);
    assert_eq!(
        b.wait_results(),
        "fait",
        "{}",
        b.eval("document.getElementById('statut').textContent")
    );

    // Every finding of the report is marked in the text, at its place, with its category.
    let report: Value = {
        let body = json!({
            "text": letter,
            "context": { "purpose": "care_continuity", "care_team": true,
                "to": ["Dr.Roux@Cabinet-Roux.MSSante.fr", "secretariat.medical@ch-exemple.mssante.fr"] },
        });
        let (status, text) = crate::serve::post(
            &server.url("/v1/check"),
            "application/json",
            serde_json::to_vec(&body).unwrap(),
            None,
        );
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).unwrap()
    };
    let marks = b.eval(
        "[...document.querySelectorAll('#apercu mark')].map(m => ({ cat: m.dataset.categorie,\
         value: m.querySelector('.valeur').textContent, label: m.querySelector('.etiquette').textContent,\
         removed: m.classList.contains('retire') }))",
    );
    let marks = marks.as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() > 20, "{} findings", findings.len());
    assert_eq!(marks.len(), findings.len(), "a mark per finding");
    for (m, f) in marks.iter().zip(findings) {
        // The marked text is the letter's text at the report's byte offsets: a wrong byte →
        // UTF-16 conversion would shift every mark after `né`, `é`, `’`.
        let (s, e) = (
            f["location"]["start"].as_u64().unwrap() as usize,
            f["location"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(m["value"], json!(&letter[s..e]));
        assert_eq!(m["cat"], f["category"]);
        assert_eq!(m["removed"], json!(f["action"] == "remove"));
    }
    let labels: Vec<&str> = marks.iter().map(|m| m["label"].as_str().unwrap()).collect();
    for expected in ["NIR", "date de naissance", "nom", "téléphone"] {
        assert!(
            labels.iter().any(|l| l.starts_with(expected)),
            "no mark labelled {expected}: {labels:?}"
        );
    }
    // The whole letter is on the page, as text.
    let shown = b.eval(
        "(() => { const p = document.getElementById('apercu').cloneNode(true);\
         p.querySelectorAll('.etiquette').forEach(e => e.remove()); return p.textContent; })()",
    );
    assert_eq!(shown, json!(letter));

    // Each recipient's verdict and reasons in French.
    let cards = b.eval(
        "[...document.querySelectorAll('.destinataire')].map(c => ({ address: c.querySelector('h4').textContent,\
         verdict: c.querySelector('.verdict-nom').textContent, text: c.textContent }))",
    );
    let cards = cards.as_array().unwrap();
    assert_eq!(cards.len(), 2, "{cards:?}");
    for c in cards {
        assert_eq!(c["verdict"], "à minimiser", "{c}");
        let text = c["text"].as_str().unwrap();
        assert!(text.contains("professionnel de santé"), "{text}");
        assert!(text.contains("strictement nécessaire"), "{text}");
        assert!(text.contains("RGPD art. 5.1.c"), "{text}");
        assert!(
            text.contains("Retiré pour ce destinataire : prestation sociale"),
            "{text}"
        );
    }
    assert_eq!(cards[0]["address"], "Dr.Roux@cabinet-roux.mssante.fr");

    // The download: the minimised copy, same format (text), without what was removed.
    let link = b.eval(
        "(() => { const a = document.getElementById('copie'); return a ? { name: a.download, text: a.textContent } : null; })()",
    );
    assert_eq!(link["name"], "lettre_liaison_ehpad-minimise.txt", "{link}");
    // Clicked, and saved where the browser puts downloads.
    let downloads = tempfile::tempdir().unwrap();
    b.call_browser(
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.path().to_str().unwrap(),
            "eventsEnabled": true }),
    );
    b.eval("document.getElementById('copie').click(), true");
    b.wait_event_with("Browser.downloadProgress", Some("completed"));
    let copy = std::fs::read_to_string(downloads.path().join("lettre_liaison_ehpad-minimise.txt"))
        .unwrap();
    let copy = copy.as_str();
    let removed: Vec<&str> = findings
        .iter()
        .filter(|f| f["action"] == "remove")
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(!removed.is_empty());
    for value in &removed {
        assert!(!copy.contains(value), "{value} still in the copy");
    }
    assert!(
        copy.contains("Kardegic 75 mg"),
        "the care data needed stays"
    );
    assert!(copy.len() > letter.len() / 2);
    b.screenshot(&artefacts().join("page-minimise.png"));

    // A pasted text to an ordinary mailbox: blocked, with the trust-space reason, no copy.
    b.eval(
        "(() => { document.getElementById('retirer').click();\
         document.getElementById('destinataires').value = 'famille.dupuis@gmail.com'; return true; })()",
    );
    assert_eq!(
        b.eval(
            "[document.getElementById('fichier').files.length, document.getElementById('retirer').hidden]"
        ),
        json!([0, true]),
        "the file is removed"
    );
    let pasted = "Mme Jeanne LEROUX, née le 14/06/1936, diabète de type 2, Kardegic 75 mg.";
    b.eval(&format!(
        "(() => {{ document.getElementById('texte').value = {}; document.getElementById('verifier').click(); return true; }})()",
        json!(pasted)
    ));
    assert_eq!(b.wait_results(), "fait");
    let blocked = b.eval(
        "({ verdict: document.querySelector('.destinataire .verdict-nom').textContent,\
         text: document.getElementById('destinataires-verdicts').textContent,\
         link: !!document.getElementById('copie'), download: document.getElementById('telechargement').textContent,\
         marks: [...document.querySelectorAll('#apercu mark .valeur')].map(m => m.textContent) })",
    );
    assert_eq!(blocked["verdict"], "bloqué", "{blocked}");
    assert!(
        blocked["text"]
            .as_str()
            .unwrap()
            .contains("espace de confiance MSSanté"),
        "{blocked}"
    );
    assert_eq!(blocked["link"], json!(false));
    assert!(blocked["download"].as_str().unwrap().contains("bloqué"));
    let marked: Vec<&str> = blocked["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        marked.contains(&"14/06/1936") && marked.contains(&"Jeanne LEROUX"),
        "{marked:?}"
    );
    assert!(
        !marked.contains(&"Sophie BERNARD"),
        "the letter was checked again"
    );
    b.screenshot(&artefacts().join("page-bloque.png"));
    // Document text is never HTML: a tag in a pasted e-mail's Subject (a header is plain text,
    // shown as it is) stays text on the page.
    b.eval(
        "(() => { document.getElementById('texte').value = 'From: a@ch-exemple.mssante.fr\\n\
         To: famille.dupuis@gmail.com\\nSubject: <img src=x id=injecte> Mme Jeanne LEROUX\\n\\nBonjour.\\n';\
         document.getElementById('verifier').click(); return true; })()",
    );
    assert_eq!(b.wait_results(), "fait");
    assert_eq!(b.eval("!!document.getElementById('injecte')"), json!(false));
    assert_eq!(
        b.eval("document.querySelectorAll('#resultats img').length"),
        json!(0)
    );
    let shown = b.eval("document.getElementById('apercu').textContent");
    assert!(
        shown.as_str().unwrap().contains("<img src=x id=injecte>"),
        "{shown}"
    );

    // Nothing said on the console, no policy violation, nothing fetched from elsewhere.
    let origin = server.url("");
    for e in &b.events {
        let method = e["method"].as_str().unwrap_or("");
        assert_ne!(method, "Runtime.exceptionThrown", "{e}");
        if method == "Runtime.consoleAPICalled" || method == "Log.entryAdded" {
            panic!("console: {e}");
        }
        if method == "Network.requestWillBeSent" {
            let url = e["params"]["request"]["url"].as_str().unwrap_or("");
            assert!(
                url.starts_with(&origin) || url.starts_with("blob:") || url.starts_with("about:"),
                "{url}"
            );
        }
    }
    drop(b);
    let log = server.stop();
    assert!(!log.contains("LEROUX"), "a name in the log");
}

/// With a token set, the page is open but its checks are not: without the token it says so in
/// French and shows nothing; with the token typed in, the check is made. Without recipients it
/// is a check only: the findings, the verdict of the content, no copy.
#[test]
fn the_page_needs_the_token_of_a_service_that_has_one() {
    if !tool("chromium", "the pre-send page in headless Chromium") {
        return;
    }
    let token = "jeton-de-test-assez-long-1234";
    let server = Server::start(&["--max-input", "4000"], &[("TAMIS_TOKEN", token)]);
    let profile = tempfile::tempdir().unwrap();
    let mut b = Browser::open(profile.path(), &server.url("/"));
    let send = "(() => { document.getElementById('texte').value = 'Mme Jeanne LEROUX, diabète de type 2.';\
                document.getElementById('verifier').click(); return true; })()";
    b.eval(send);
    assert_eq!(b.wait_results(), "erreur");
    assert_eq!(
        b.eval("document.getElementById('statut').textContent"),
        json!("Jeton d'accès manquant ou erroné.")
    );
    assert_eq!(
        b.eval("document.querySelectorAll('#apercu mark').length"),
        json!(0)
    );
    b.eval(&format!(
        "document.getElementById('jeton').value = {}, true",
        json!(token)
    ));
    b.eval(send);
    assert_eq!(
        b.wait_results(),
        "fait",
        "{}",
        b.eval("document.getElementById('statut').textContent")
    );
    let marks =
        b.eval("[...document.querySelectorAll('#apercu mark .valeur')].map(m => m.textContent)");
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "diabète de type 2"),
        "{marks}"
    );
    assert_eq!(
        b.eval("document.querySelector('.verdict-global strong').textContent"),
        json!("à minimiser")
    );
    assert_eq!(b.eval("!!document.getElementById('copie')"), json!(false));
    assert_eq!(
        b.eval("document.getElementById('destinataires-verdicts').children.length"),
        json!(0)
    );
    // Beyond the service's limit: said in French, nothing shown.
    b.eval(
        "(() => { document.getElementById('texte').value = 'Compte rendu. '.repeat(400);\
         document.getElementById('verifier').click(); return true; })()",
    );
    assert_eq!(b.wait_results(), "erreur");
    assert_eq!(
        b.eval("document.getElementById('statut').textContent"),
        json!("Le document dépasse la taille acceptée par le service.")
    );
    assert_eq!(
        b.eval("document.getElementById('apercu').hidden"),
        json!(true)
    );
    drop(b);
    let log = server.stop();
    assert!(log.contains("status=401"), "the refused call is logged");
}

/// What Python's `email` package reads in a message: its decoded Subject and text bodies.
const READ_MAIL: &str = r#"
import email, email.policy, json, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
bodies = [p.get_content() for p in m.walk() if p.get_content_maintype() == "text"]
print(json.dumps({"subject": str(m["Subject"]), "bodies": bodies,
                  "redaction": m.get_all("X-Tamis-Redaction") or []}))
"#;

/// An e-mail dropped on the page (Latin-1, quoted-printable, an encoded Subject): its pieces of
/// text shown decoded under their headings, the findings marked in the Subject and the body, and
/// the download a message that Python's `email` package reads without the removed values.
#[test]
fn an_e_mail_on_the_page_shows_its_subject_and_body_and_gives_a_minimised_message() {
    if !tool("chromium", "the pre-send page in headless Chromium")
        || !tool(
            "python3",
            "reading the downloaded message with Python's email package",
        )
    {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let directory = format!("{root}/corpus/directory/annuaire.csv");
    let server = Server::start(&["--directory", &directory], &[]);
    let mail = PathBuf::from(root).join("corpus/mail/02_latin1_qp.eml");
    let profile = tempfile::tempdir().unwrap();
    let mut b = Browser::open(profile.path(), &server.url("/"));
    let doc = b.call("DOM.getDocument", json!({}));
    let node = b.call(
        "DOM.querySelector",
        json!({ "nodeId": doc["root"]["nodeId"], "selector": "#fichier" }),
    );
    b.call(
        "DOM.setFileInputFiles",
        json!({ "nodeId": node["nodeId"], "files": [mail.to_str().unwrap()] }),
    );
    b.eval(
        "(() => { document.getElementById('finalite').value = 'administrative';\
         document.getElementById('destinataires').value = 'interne.pediatrie@ch-exemple.mssante.fr';\
         document.getElementById('equipe').checked = true;\
         document.getElementById('verifier').click(); return true; })()",
    );
    assert_eq!(
        b.wait_results(),
        "fait",
        "{}",
        b.eval("document.getElementById('statut').textContent")
    );
    let shown = b.eval(
        "({ headings: [...document.querySelectorAll('#apercu .origine')].map(h => h.textContent),\
         marks: [...document.querySelectorAll('#apercu mark')].map(m => [m.closest('pre').previousElementSibling\
           && [...document.querySelectorAll('#apercu .origine')].filter(h => h.compareDocumentPosition(m) & 4).pop().textContent,\
           m.querySelector('.valeur').textContent, m.classList.contains('retire')]),\
         verdict: document.querySelector('.destinataire .verdict-nom').textContent })",
    );
    let headings: Vec<&str> = shown["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert!(headings.contains(&"En-tête Subject"), "{headings:?}");
    assert!(headings.contains(&"Texte (pièce 1)"), "{headings:?}");
    assert_eq!(shown["verdict"], "à minimiser", "{shown}");
    let marks = shown["marks"].as_array().unwrap();
    let mark = |value: &str| marks.iter().find(|m| m[1] == value).cloned();
    // Decoded from Latin-1 quoted-printable, and placed in the right piece of text.
    assert_eq!(
        mark("diabète de type 2"),
        Some(json!(["En-tête Subject", "diabète de type 2", true])),
        "{marks:?}"
    );
    assert_eq!(
        mark("oedème des membres inférieurs"),
        Some(json!([
            "Texte (pièce 1)",
            "oedème des membres inférieurs",
            true
        ])),
        "{marks:?}"
    );
    assert_eq!(
        mark("Odile BERNARD").map(|m| m[2].clone()),
        Some(json!(false)),
        "a name the recipient may have is kept: {marks:?}"
    );

    let downloads = tempfile::tempdir().unwrap();
    b.call_browser(
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.path().to_str().unwrap(),
            "eventsEnabled": true }),
    );
    b.eval("document.getElementById('copie').click(), true");
    b.wait_event_with("Browser.downloadProgress", Some("completed"));
    let copy = std::fs::read(downloads.path().join("02_latin1_qp-minimise.eml")).unwrap();
    b.screenshot(&artefacts().join("page-courriel.png"));
    let mut child = std::process::Command::new("python3")
        .args(["-c", READ_MAIL])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&copy).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    let subject = read["subject"].as_str().unwrap();
    let bodies = read["bodies"].to_string();
    assert!(!subject.contains("diabète"), "{subject}");
    assert!(
        !bodies.contains("oedème") && !bodies.contains("glyquée"),
        "{bodies}"
    );
    assert!(bodies.contains("Odile BERNARD"), "{bodies}");
    assert_eq!(
        read["redaction"].as_array().map(Vec::len),
        Some(1),
        "{read}"
    );
}

/// The page with the keyboard alone and with a file dropped: Tab goes through every control in
/// order, each focused one has a visible outline (a hidden control is skipped); a space ticks a
/// box; a file dropped on the zone is the one checked, sent with Enter; the results take the
/// focus.
#[test]
fn the_page_works_with_the_keyboard_and_takes_a_dropped_file() {
    if !tool("chromium", "the pre-send page in headless Chromium") {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let server = Server::start(&[], &[]);
    let profile = tempfile::tempdir().unwrap();
    let mut b = Browser::open(profile.path(), &server.url("/"));
    // Tab from the top: the focus visits the controls in reading order, each outlined.
    b.call(
        "Emulation.setFocusEmulationEnabled",
        json!({ "enabled": true }),
    );
    let mut visited = Vec::new();
    for _ in 0..10 {
        b.press("Tab", "Tab", "", 9);
        let focused = b.eval(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);\
             return [e.id, s.outlineStyle, s.outlineWidth]; })()",
        );
        let id = focused[0].as_str().unwrap().to_string();
        visited.push((id, focused[1].clone(), focused[2].clone()));
    }
    let ids: Vec<&str> = visited.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fichier",
            "texte",
            "finalite",
            "destinataires",
            "expediteur",
            "equipe",
            "consentement",
            "opposition",
            "jeton",
            "verifier",
        ],
        "{visited:?}"
    );
    for (id, style, width) in &visited {
        assert!(
            style == "solid" && width != "0px",
            "{id}: no visible focus ({style} {width})"
        );
    }
    // A space ticks the focused checkbox.
    b.eval("document.getElementById('equipe').focus(), true");
    b.press(" ", "Space", " ", 32);
    assert_eq!(
        b.eval("document.getElementById('equipe').checked"),
        json!(true)
    );

    // A file dropped on the zone: the drag events a browser sends, with the letter's bytes in
    // their DataTransfer (the DevTools protocol cannot drop files from the disk).
    let letter = PathBuf::from(root).join("corpus/text/ime_mdph.txt");
    let text = std::fs::read_to_string(&letter).unwrap();
    b.eval(&format!(
        "(() => {{ const dt = new DataTransfer();\
         dt.items.add(new File([{}], 'ime_mdph.txt', {{ type: 'text/plain' }}));\
         const zone = document.getElementById('depot');\
         for (const t of ['dragenter', 'dragover', 'drop']) {{\
           zone.dispatchEvent(new DragEvent(t, {{ dataTransfer: dt, bubbles: true, cancelable: true }})); }}\
         return true; }})()",
        json!(text)
    ));
    assert_eq!(
        b.eval("document.getElementById('fichier-choisi').textContent"),
        json!(format!(
            "Fichier choisi : ime_mdph.txt ({} octets)",
            std::fs::metadata(&letter).unwrap().len()
        ))
    );
    b.eval("document.getElementById('verifier').focus(), true");
    b.press("Enter", "Enter", "\r", 13);
    assert_eq!(b.wait_results(), "fait");
    // The dropped letter is what was checked: its text is on the page.
    let shown = b.eval(
        "(() => { const p = document.getElementById('apercu').cloneNode(true);\
         p.querySelectorAll('.etiquette').forEach(e => e.remove()); return p.textContent; })()",
    );
    assert_eq!(shown, json!(text));
    // The results take the focus, so that a keyboard or screen reader user lands on them.
    assert_eq!(b.eval("document.activeElement.id"), json!("resultats"));
    // Every piece of text shown, results included, contrasts with its background as WCAG AA
    // asks (4.5:1; 3:1 for large text), computed from the styles the browser applied.
    let contrast = b.eval(CONTRAST);
    assert_eq!(contrast[0], json!([]), "text below the contrast ratio");
    assert!(contrast[1].as_u64().unwrap() > 40, "{contrast}");
    assert!(
        b.eval("document.querySelectorAll('#apercu mark').length")
            .as_u64()
            .unwrap()
            > 5
    );
}

/// The rendered elements whose own text contrasts less than WCAG AA with the first opaque
/// background under it (`[tag, id or class, colour, background, ratio]`), and how many were
/// checked.
const CONTRAST: &str = r#"(() => {
  const parts = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = (c) => {
    const [r, g, b] = parts(c).slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opaque = (c) => { const p = parts(c); return p.length < 4 || p[3] > 0; };
  const under = (e) => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const low = [];
  let checked = 0;
  for (const e of document.querySelectorAll("body *")) {
    if (!e.getClientRects().length) continue;
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(e);
    checked += 1;
    const [a, b] = [lum(s.color), lum(under(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      low.push([e.tagName, e.id || e.className, s.color, under(e), ratio.toFixed(2)]);
    }
  }
  return [low, checked];
})()"#;
