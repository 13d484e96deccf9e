//! The pre-send page of `tamis serve` (`GET /`): a secretary checks a document before sending
//! it from software that has no integration. Plain HTML, CSS and a little JavaScript, all in
//! the binary (`page/`), nothing fetched from elsewhere, in French.
//!
//! The page is only a client of the JSON API: it posts the document to `/v1/redact` (to
//! `/v1/check` when no recipient is given: nothing is decided, no copy is made), with the
//! bearer token the person types in when the service has one, and shows the report. The
//! French names it shows come from the house's own tables — purposes and roles (`policy`),
//! categories (`category`), rules and verdicts (`decide`) —, rendered into the page by the
//! server: options of the purpose list, and a JSON data block the script reads.
//!
//! Security: the script is served as `/page.js` (no inline script), under a strict
//! `Content-Security-Policy` that allows only this origin's script, style and API; the script
//! puts document text in the page with `textContent` only.

use crate::category::Category;
use crate::decide::{Rule, Verdict};
use crate::policy::{Purpose, Role};
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::OnceLock;

const TEMPLATE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/page.js");
const STYLE: &str = include_str!("page/page.css");

/// Only this origin's script, style and API; no frame, no form posted elsewhere, no plug-in.
/// `blob:` images and downloads are the page's own (the minimised copy).
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' blob: data:; form-action 'none'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The headers every piece of the page is served with.
fn headers(content_type: &'static str) -> [(header::HeaderName, &'static str); 5] {
    [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ]
}

/// `GET /`: the page.
pub async fn html() -> impl IntoResponse {
    (headers("text/html; charset=utf-8"), rendered().as_str())
}

/// `GET /page.js`.
pub async fn script() -> impl IntoResponse {
    (headers("text/javascript; charset=utf-8"), SCRIPT)
}

/// `GET /page.css`.
pub async fn style() -> impl IntoResponse {
    (headers("text/css; charset=utf-8"), STYLE)
}

/// The page with its purpose options and its labels, rendered once (the tables are static).
fn rendered() -> &'static String {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(render)
}

fn render() -> String {
    let mut options = String::new();
    for p in Purpose::ALL {
        options.push_str(&format!(
            "<option value=\"{}\">{}</option>\n",
            escape(p.as_str()),
            escape(p.label())
        ));
    }
    TEMPLATE
        .replace("{{PURPOSES}}", &options)
        .replace("{{LABELS}}", &labels_json())
}

/// The French names the script shows, as a JSON object safe inside a `<script
/// type="application/json">` element (no `<` left to close it).
fn labels_json() -> String {
    let map = |pairs: Vec<(&str, serde_json::Value)>| {
        serde_json::Value::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    };
    let labels = serde_json::json!({
        "categories": map(Category::ALL.iter().map(|c| (c.as_str(), c.label_fr().into())).collect()),
        "roles": map(Role::ALL.iter().map(|r| (r.as_str(), r.label().into())).collect()),
        "purposes": map(Purpose::ALL.iter().map(|p| (p.as_str(), p.label().into())).collect()),
        "verdicts": map(Verdict::ALL.iter().map(|v| (v.as_str(), v.label().into())).collect()),
        "rules": map(Rule::ALL.iter().map(|r| (r.id(), serde_json::json!({
            "label": r.label(),
            "sentence": r.sentence(),
        }))).collect()),
    });
    labels
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_purpose_is_an_option_and_the_labels_are_json() {
        let page = super::render();
        for p in crate::policy::Purpose::ALL {
            assert!(page.contains(&format!("<option value=\"{}\">", p.as_str())));
        }
        assert!(!page.contains("{{"));
        let start = page.find("id=\"labels\">").unwrap() + "id=\"labels\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let labels: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(labels["categories"]["nir"], "NIR");
        assert_eq!(labels["verdicts"]["block"], "bloqué");
        assert_eq!(
            labels["rules"]["trust_space"]["label"],
            "espace de confiance MSSanté"
        );
    }
}
