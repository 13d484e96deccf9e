//! XFA forms (Adobe LiveCycle, some administrative forms): the filled values live in the
//! `datasets` packet of the AcroForm's `/XFA` (`<xfa:datasets><xfa:data><form1><nom>…`),
//! whatever the AcroForm fields hold.

use super::xmp::{push_text, walk_packet, xml_string};
use super::{Out, resolve, stream_bytes, text_string};
use crate::extract::xml::{Index, Raw, Tag, Visitor};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashSet;

/// Elements nested deeper than this inside the form data are not named further.
const MAX_DEPTH: usize = 64;

/// Adds each value of the XFA form data as `Origin::FormField(element path below xfa:data,
/// joined with '.')`, unless a field segment already holds the same text.
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    form: &Dictionary,
    out: &mut Out,
) -> Result<(), ExtractError> {
    let Some(xml) = datasets(x, doc, path, form)? else {
        return Ok(());
    };
    let known: HashSet<String> = out
        .segments
        .iter()
        .filter(|s| matches!(s.origin, Origin::FormField(_)))
        .map(|s| s.text.trim().to_string())
        .collect();
    for (name, value) in data_values(x, &xml)? {
        if !known.contains(value.trim()) {
            out.push(value, Origin::FormField(name));
        }
    }
    Ok(())
}

/// The XML holding the `datasets` packet: the stream after the name `datasets` when `/XFA` is
/// an array of packets, the whole XDP when it is one stream.
fn datasets(
    x: &mut Extractor,
    doc: &Document,
    path: &str,
    form: &Dictionary,
) -> Result<Option<String>, ExtractError> {
    let stream = match form.get(b"XFA").ok().and_then(|o| resolve(doc, o)) {
        Some((_, Object::Stream(stream))) => stream,
        Some((_, Object::Array(packets))) => {
            let found = packets.chunks_exact(2).find_map(|pair| {
                let (_, Object::String(name, _)) = resolve(doc, &pair[0])? else {
                    return None;
                };
                let (_, Object::Stream(stream)) = resolve(doc, &pair[1])? else {
                    return None;
                };
                (text_string(name) == "datasets").then_some(stream)
            });
            let Some(stream) = found else {
                return Ok(None);
            };
            stream
        }
        _ => return Ok(None),
    };
    Ok(stream_bytes(x, path, stream)?.map(|bytes| xml_string(&bytes)))
}

/// The text of every element below `xfa:data` (inside `xfa:datasets`), with the path of local
/// names from the element under `xfa:data` down to it.
fn data_values(x: &Extractor, xml: &str) -> Result<Vec<(String, String)>, ExtractError> {
    #[derive(Default)]
    struct Data {
        names: Vec<String>,
        /// Depth of names at which xfa:data opened.
        data: Option<usize>,
        current: String,
        values: Vec<(String, String)>,
        /// The element just opened empty (`<x/>`): no value, no name.
        empty: Option<u32>,
    }
    impl Data {
        fn flush(&mut self) {
            if let Some(d) = self.data
                && !self.current.trim().is_empty()
                && self.names.len() > d
            {
                let name: Vec<&str> = self
                    .names
                    .get(d..)
                    .unwrap_or_default()
                    .iter()
                    .map(String::as_str)
                    .filter(|n| !n.is_empty())
                    .collect();
                self.values
                    .push((name.join("."), self.current.trim().to_string()));
            }
            self.current.clear();
        }
    }
    impl Visitor for Data {
        fn start(&mut self, e: &Tag, empty: bool, _: usize) {
            let el = e.el;
            if empty {
                self.empty = Some(el);
                return;
            }
            self.flush();
            let local = e.local().to_string();
            if self.data.is_none()
                && local == "data"
                && self.names.last().is_some_and(|p| p.as_str() == "datasets")
            {
                self.data = Some(self.names.len() + 1);
            }
            if self.names.len() < MAX_DEPTH {
                self.names.push(local);
            } else {
                // Too deep to name: its text counts as its ancestor's.
                self.names.push(String::new());
            }
        }
        fn end(&mut self, _: &Index, el: u32, _: usize) {
            if self.empty.take() == Some(el) {
                return;
            }
            self.flush();
            self.names.pop();
            if self.data.is_some_and(|d| self.names.len() < d) {
                self.data = None;
            }
        }
        fn text(&mut self, _: &Index, s: &str, _: usize, raw: Raw) {
            if self.data.is_some() {
                push_text(&mut self.current, s, raw);
            }
        }
    }
    let mut d = Data::default();
    walk_packet(x, xml, &mut d)?;
    Ok(d.values)
}
