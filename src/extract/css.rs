//! The CSS that hides text, as far as an HTML reader needs it (issue 21 §3): inline `style`
//! declarations and the rules of `<style>` sheets whose selector is simple. No CSS engine —
//! no cascade, specificity, inheritance of computed values or media — only "does this element
//! hide its content?".
//!
//! A declaration block hides when it says `display:none`, `visibility:hidden|collapse`,
//! `opacity:0`, a zero `font-size`, `mso-hide:all` (Outlook's), or a `color` equal to its
//! `background(-color)` in the same block ([`hides`]).
//!
//! A [`Sheet`] keeps the rules of the style sheets that hide, for selectors made of one
//! compound selector: an element name, `.class`es and an `#id` (`p`, `.x`, `#y`, `span.x.z`,
//! `div#y`), compared ASCII-case-insensitively. Everything else is not evaluated: selectors
//! with combinators (`div .x`, `a > b`), attributes, pseudo-classes or `*`, rules inside
//! at-rules (`@media` — a rule that hides only on small screens does not hide the text from
//! the reader of the other ones), `@import`. A sheet applies to the whole document wherever it
//! stands. An inline style that shows an element again (`display:block`) is not weighed
//! against a sheet that hides it: the text is said hidden (it is read and removed all the same;
//! only the report's `hidden` flag depends on it).
//!
//! Linear: a sheet is read in one pass; an element is looked up by its name, id and classes in
//! hash maps, and at most [`MAX_CHECKS`] compound rules are compared per element.

use std::collections::HashMap;

/// Compound rules compared per element at most (a sheet that would need more loses its hiding
/// for that element, never its text).
pub const MAX_CHECKS: usize = 64;

/// Rules kept per document at most.
const MAX_RULES: usize = 4096;

/// Whether a declaration block (`display: none; color: red`) hides its element's content.
pub fn hides(style: &str) -> bool {
    let mut color = None;
    let mut background = None;
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value: String = value
            .to_ascii_lowercase()
            .replace("!important", "")
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let zero = value
            .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
            .parse::<f32>()
            .is_ok_and(|v| v == 0.0);
        match prop.as_str() {
            "display" if value == "none" => return true,
            "visibility" if value == "hidden" || value == "collapse" => return true,
            "mso-hide" if value == "all" => return true,
            "opacity" | "font-size" if zero => return true,
            "color" => color = Some(css_color(&value)),
            "background-color" | "background" => background = Some(css_color(&value)),
            _ => {}
        }
    }
    color.is_some() && color == background
}

/// A CSS colour in one spelling: `#fff`, `white` and `rgb(255,255,255)` are `#ffffff`.
fn css_color(value: &str) -> String {
    let hex = |v: &str| -> Option<String> {
        let h = v.strip_prefix('#')?;
        match h.len() {
            3 => Some(h.chars().flat_map(|c| [c, c]).collect()),
            6 => Some(h.to_string()),
            _ => None,
        }
    };
    if let Some(h) = hex(value) {
        return format!("#{h}");
    }
    if let Some(args) = value
        .strip_prefix("rgb(")
        .or_else(|| value.strip_prefix("rgba("))
        .and_then(|v| v.strip_suffix(')'))
    {
        let parts: Vec<u8> = args
            .split(',')
            .take(3)
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [r, g, b] = parts[..] {
            return format!("#{r:02x}{g:02x}{b:02x}");
        }
    }
    match value {
        "white" => "#ffffff".into(),
        "black" => "#000000".into(),
        other => other.to_string(),
    }
}

/// One compound selector: every part given must match.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Compound {
    element: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
}

impl Compound {
    /// A selector of the subset, lowercased; `None` for anything else.
    fn parse(selector: &str) -> Option<Compound> {
        let s = selector.trim();
        if s.is_empty()
            || s.bytes().any(|b| {
                b.is_ascii_whitespace() || matches!(b, b'>' | b'+' | b'~' | b'[' | b':' | b'*')
            })
        {
            return None;
        }
        let mut c = Compound::default();
        // Split before each `.` or `#`: the first piece is the element name, if any.
        let mut rest = s;
        let first_mark = rest.find(['.', '#']).unwrap_or(rest.len());
        if first_mark > 0 {
            c.element = Some(rest[..first_mark].to_ascii_lowercase());
        }
        rest = &rest[first_mark..];
        while !rest.is_empty() {
            let kind = rest.as_bytes()[0];
            let body = &rest[1..];
            let end = body.find(['.', '#']).unwrap_or(body.len());
            let name = body[..end].to_ascii_lowercase();
            if name.is_empty() {
                return None;
            }
            if kind == b'#' {
                if c.id.is_some() {
                    return None;
                }
                c.id = Some(name);
            } else {
                c.classes.push(name);
            }
            rest = &body[end..];
        }
        let valid = |n: &str| {
            n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || b >= 0x80)
        };
        let all_valid = c.element.as_deref().is_none_or(valid)
            && c.id.as_deref().is_none_or(valid)
            && c.classes.iter().all(|n| valid(n));
        all_valid.then_some(c)
    }

    /// The part it is filed under: its id, else its first class, else its element.
    fn key(&self) -> String {
        if let Some(id) = &self.id {
            format!("#{id}")
        } else if let Some(class) = self.classes.first() {
            format!(".{class}")
        } else {
            self.element.clone().unwrap_or_default()
        }
    }

    fn matches(&self, element: &str, id: Option<&str>, classes: &[String]) -> bool {
        self.element.as_deref().is_none_or(|e| e == element)
            && self.id.as_deref().is_none_or(|i| Some(i) == id)
            && self.classes.iter().all(|c| classes.contains(c))
    }
}

/// The hiding rules of a document's style sheets.
#[derive(Debug, Default)]
pub struct Sheet {
    /// Compound selectors whose rule hides, filed by [`Compound::key`].
    rules: HashMap<String, Vec<Compound>>,
    count: usize,
}

impl Sheet {
    /// Whether no rule hides anything.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Adds the rules of one style sheet's text (the content of a `<style>` element).
    pub fn add(&mut self, css: &str) {
        let css = strip_comments(css);
        let bytes = css.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // The prelude: up to `{` (a rule or a block at-rule) or `;` (`@import …;`).
            let Some(k) = bytes[i..].iter().position(|&b| b == b'{' || b == b';') else {
                break;
            };
            let prelude = css[i..i + k].trim();
            let open = i + k;
            if bytes[open] == b';' {
                i = open + 1;
                continue;
            }
            if prelude.starts_with('@') {
                i = skip_block(bytes, open);
                continue;
            }
            let close = bytes[open..]
                .iter()
                .position(|&b| b == b'}')
                .map_or(bytes.len(), |k| open + k);
            let declarations = &css[open + 1..close];
            if hides(declarations) {
                for selector in prelude.split(',') {
                    if self.count >= MAX_RULES {
                        return;
                    }
                    if let Some(c) = Compound::parse(selector) {
                        self.rules.entry(c.key()).or_default().push(c);
                        self.count += 1;
                    }
                }
            }
            i = close + 1;
        }
    }

    /// Whether a rule hides the element `element` (lowercase name) with this `id` and `class`
    /// attribute value.
    pub fn hides(&self, element: &str, id: Option<&str>, class: Option<&str>) -> bool {
        if self.is_empty() {
            return false;
        }
        let id = id.map(|i| i.trim().to_ascii_lowercase());
        let classes: Vec<String> = class
            .unwrap_or("")
            .split_ascii_whitespace()
            .take(MAX_CHECKS)
            .map(str::to_ascii_lowercase)
            .collect();
        let mut keys = Vec::with_capacity(classes.len() + 2);
        if let Some(i) = &id {
            keys.push(format!("#{i}"));
        }
        keys.extend(classes.iter().map(|c| format!(".{c}")));
        keys.push(element.to_string());
        let mut checks = 0;
        let found = 'found: {
            for key in &keys {
                for rule in self.rules.get(key).map_or(&[][..], Vec::as_slice) {
                    if checks == MAX_CHECKS {
                        break 'found false;
                    }
                    checks += 1;
                    if rule.matches(element, id.as_deref(), &classes) {
                        break 'found true;
                    }
                }
            }
            false
        };
        crate::work::add(checks);
        found
    }
}

/// `css` without its `/* … */` comments.
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(k) = rest.find("/*") {
        out.push_str(&rest[..k]);
        match rest[k + 2..].find("*/") {
            Some(e) => rest = &rest[k + 2 + e + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The offset after the block that opens at `open` (`{`), nested blocks included.
fn skip_block(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, &b) in bytes[open..].iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return open + k + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::{Compound, Sheet, hides};

    #[test]
    fn declarations_that_hide() {
        assert!(hides("display: none"));
        assert!(hides("mso-hide: all; display: none !important"));
        assert!(hides("MSO-HIDE:ALL"));
        assert!(hides("color:#FFF;background-color:rgb(255, 255, 255)"));
        assert!(hides("font-size: 0px"));
        assert!(!hides("color: #000; background: #fff"));
        assert!(!hides("opacity:0.5"));
        assert!(!hides("display: block"));
    }

    #[test]
    fn the_selector_subset() {
        let c = Compound::parse("Span.X.y").unwrap();
        assert_eq!(c.element.as_deref(), Some("span"));
        assert_eq!(c.classes, ["x", "y"]);
        assert_eq!(Compound::parse("#id").unwrap().id.as_deref(), Some("id"));
        for other in [
            "div .x", "a > b", "a:hover", "[hidden]", "*", ".x+.y", "", ".", "#a#b",
        ] {
            assert_eq!(Compound::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_sheet_hides_by_class_id_and_element() {
        let mut s = Sheet::default();
        s.add(
            "/* preheader */ .preheader { display:none !important; mso-hide:all }\n\
             @media (max-width: 600px) { .desktop { display: none } }\n\
             @import url(x.css);\n\
             #secret, p.blanc { color: white; background: #ffffff }\n\
             td { padding: 0 }  .shown { display: block }  div .deep { display: none }\n\
             tt { font-size: 0 }",
        );
        assert!(s.hides("div", None, Some("a Preheader")));
        assert!(s.hides("span", Some("secret"), None));
        assert!(s.hides("p", None, Some("blanc")));
        assert!(!s.hides("div", None, Some("blanc")));
        assert!(s.hides("tt", None, None));
        assert!(!s.hides("td", None, None));
        assert!(!s.hides("div", None, Some("shown")));
        assert!(!s.hides("div", None, Some("desktop")), "inside @media");
        assert!(!s.hides("div", None, Some("deep")), "a combinator");
    }

    #[test]
    fn the_work_per_element_is_bounded() {
        let mut s = Sheet::default();
        let css: String = (0..5000)
            .map(|i| format!(".a.b{i} {{ display: none }}\n"))
            .collect();
        s.add(&css);
        crate::work::reset();
        for _ in 0..100 {
            assert!(!s.hides("p", None, Some("a")));
        }
        assert!(crate::work::units() <= 100 * super::MAX_CHECKS as u64);
    }
}
