//! XFA forms (Adobe LiveCycle, some administrative forms): the filled values live in the
//! `datasets` packet of the AcroForm's `/XFA` (`<xfa:datasets><xfa:data><form1><nom>…`),
//! whatever the AcroForm fields hold.

use super::xmp::{push_reference, xml_string};
use super::{CLOCK_EVERY, Out, resolve, stream_bytes, text_string};
use crate::extract::{ExtractError, Extractor, Origin};
use lopdf::{Dictionary, Document, Object};
use quick_xml::Reader;
use quick_xml::events::Event;
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
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut names: Vec<String> = Vec::new();
    // Depth of names at which xfa:data opened.
    let mut data: Option<usize> = None;
    let mut current = String::new();
    let mut values = Vec::new();
    let flush =
        |names: &[String], data: Option<usize>, current: &mut String, values: &mut Vec<_>| {
            if let Some(d) = data
                && !current.trim().is_empty()
                && names.len() > d
            {
                let name = names
                    .get(d..)
                    .unwrap_or_default()
                    .iter()
                    .map(String::as_str);
                let name: Vec<&str> = name.filter(|n| !n.is_empty()).collect();
                let name = name.join(".");
                values.push((name, current.trim().to_string()));
            }
            current.clear();
        };
    for n in 0usize.. {
        if n.is_multiple_of(CLOCK_EVERY) {
            x.check_time()?;
        }
        let Ok(event) = reader.read_event() else {
            break;
        };
        match event {
            Event::Start(e) => {
                flush(&names, data, &mut current, &mut values);
                let local = e.local_name().as_ref().to_string();
                if data.is_none()
                    && local == "data"
                    && names.last().is_some_and(|p| p.as_str() == "datasets")
                {
                    data = Some(names.len() + 1);
                }
                if names.len() < MAX_DEPTH {
                    names.push(local);
                } else {
                    // Too deep to name: its text counts as its ancestor's.
                    names.push(String::new());
                }
            }
            Event::End(_) => {
                flush(&names, data, &mut current, &mut values);
                names.pop();
                if data.is_some_and(|d| names.len() < d) {
                    data = None;
                }
            }
            Event::Text(t) if data.is_some() => current.push_str(&t.xml10_content()),
            Event::CData(t) if data.is_some() => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if data.is_some() => push_reference(&r, &mut current),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(values)
}
