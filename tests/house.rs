//! The house's shape (issue 22 §4, §6): no cycle among the crate's top-level modules. A module
//! depends on another when its code (comments and unit-test modules left out) names it by a
//! `crate::` path; `lib.rs` and `main.rs` sit above everything and are not counted. A new
//! import that closes a loop fails here with the loop, so that the stages stay in order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules each top-level module names, from the code of `src/`.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let path = regex::Regex::new(r"crate::(?P<module>\w+)").expect("pattern");
    let group = regex::Regex::new(r"crate::\{(?P<list>[^}]*)\}").expect("pattern");
    let head = regex::Regex::new(r"(?:^|,)\s*(?P<module>\w+)").expect("pattern");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src/");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name")
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" || rel.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        // The code above the unit-test module, without its comment lines.
        let lines: Vec<&str> = text.lines().collect();
        let tests = lines
            .windows(2)
            .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod "))
            .unwrap_or(lines.len());
        let code: String = lines[..tests]
            .iter()
            .filter(|l| !l.trim_start().starts_with("//"))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        let named = deps.entry(top.clone()).or_default();
        for c in path.captures_iter(&code) {
            named.insert(c["module"].to_string());
        }
        for c in group.captures_iter(&code) {
            for h in head.captures_iter(&c["list"]) {
                named.insert(h["module"].to_string());
            }
        }
        named.remove(&top);
        named.remove("self");
    }
    let modules: BTreeSet<String> = deps.keys().cloned().collect();
    for named in deps.values_mut() {
        named.retain(|m| modules.contains(m));
    }
    deps
}

/// A loop of modules, if the graph has one (depth-first search, grey/black marking).
fn cycle(deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        m: &'a str,
        deps: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == m) {
            let mut loop_: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            loop_.push(m.to_string());
            return Some(loop_);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m);
        for next in deps.get(m).into_iter().flatten() {
            if let Some(found) = visit(next, deps, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(m);
        None
    }
    let mut done = BTreeSet::new();
    deps.keys()
        .find_map(|m| visit(m, deps, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_cycle_among_the_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let deps = dependencies(&src);
    // The reading worked: the stages are there and name what they stand on.
    assert!(deps.len() > 20, "{} modules", deps.len());
    assert!(deps["locate"].contains("extract") && deps["decide"].contains("policy"));
    if let Some(found) = cycle(&deps) {
        panic!("module cycle: {}", found.join(" → "));
    }
}

#[test]
fn a_cycle_is_found() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, on) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
        deps.entry(m.into()).or_default().insert(on.into());
    }
    assert_eq!(cycle(&deps).map(|c| c.len()), Some(4));
    deps.get_mut("c").expect("c").clear();
    assert_eq!(cycle(&deps), None);
}
