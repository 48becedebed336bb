//! The shape of the library, checked on its sources: no module imports a module that imports it
//! back (directly or round a longer circle), none imports a layer above its own (the order of
//! lib.rs's `pub mod` lines, lowest first), at most ten files stand directly in common/src, and
//! no function outside tests is over 60 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use claw_tests::bins;

const LONGEST_FUNCTION: usize = 60;

/// Every source file of the library, by module path ("cluster/scope", "cluster/mod", "lib"),
/// with its non-test code.
fn sources() -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let text = std::fs::read_to_string(&path).unwrap();
                let code = match text.find("#[cfg(test)]") {
                    Some(i) => text[..i].to_string(),
                    None => text,
                };
                out.insert(rel.display().to_string(), code);
            }
        }
    }
    let root: PathBuf = bins::workspace_root().join("common/src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The module a path from the crate root names: the longest prefix that is a file.
fn resolve(files: &BTreeMap<String, String>, segments: &[String]) -> Option<String> {
    (1..=segments.len()).rev().find_map(|n| {
        let cand = segments[..n].join("/");
        let module = format!("{cand}/mod");
        if files.contains_key(&cand) {
            Some(cand)
        } else if files.contains_key(&module) {
            Some(module)
        } else {
            None
        }
    })
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths a file names after `crate::`, `super::` and `self::`, each as segments from the
/// crate root (a `{a, b::c}` group gives one path per member).
fn named_paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let parts: Vec<&str> = module.split('/').collect();
    // The module this file is: "cluster/mod" is `cluster`, "cluster/scope" is `cluster::scope`.
    let this: Vec<String> = match parts.split_last() {
        Some((&"mod", rest)) => rest.iter().map(|s| s.to_string()).collect(),
        _ => parts.iter().map(|s| s.to_string()).collect(),
    };
    let mut out = Vec::new();
    for (base, start) in [
        ("crate::", Vec::new()),
        ("super::", this[..this.len().saturating_sub(1)].to_vec()),
        ("self::", this.clone()),
    ] {
        for (i, _) in code.match_indices(base) {
            if code[..i].chars().last().is_some_and(is_ident) {
                continue;
            }
            let rest = &code[i + base.len()..];
            let mut segs = start.clone();
            let mut tail = rest;
            loop {
                let ident: String = tail.chars().take_while(|c| is_ident(*c)).collect();
                if ident.is_empty() {
                    break;
                }
                segs.push(ident.clone());
                tail = &tail[ident.len()..];
                match tail.strip_prefix("::") {
                    Some(t) => tail = t,
                    None => break,
                }
            }
            if let Some(group) = tail.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(0)];
                for member in group.split(',') {
                    let first: String =
                        member.trim().chars().take_while(|c| is_ident(*c)).collect();
                    if !first.is_empty() {
                        let mut p = segs.clone();
                        p.push(first);
                        out.push(p);
                    }
                }
            } else {
                out.push(segs);
            }
        }
    }
    out
}

/// module -> the modules it imports.
fn imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in files {
        if module == "lib" {
            continue; // the root declares everything
        }
        let mut to: BTreeSet<String> = named_paths(module, code)
            .iter()
            .filter_map(|p| resolve(files, p))
            .filter(|m| m != module)
            .collect();
        // A mod.rs using its children by name (`scope::Listed`, `invocation::version()`).
        if let Some(dir) = module.strip_suffix("/mod") {
            for child in files.keys() {
                let Some(name) = child.strip_prefix(&format!("{dir}/")) else {
                    continue;
                };
                if name == "mod" || name.contains('/') {
                    continue;
                }
                let used = code.match_indices(&format!("{name}::")).any(|(i, _)| {
                    !code[..i]
                        .chars()
                        .last()
                        .is_some_and(|c| is_ident(c) || c == ':')
                });
                if used {
                    to.insert(child.clone());
                }
            }
        }
        edges.insert(module.clone(), to);
    }
    edges
}

/// A circle of imports, if there is one.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == m).unwrap();
                    let mut circle = stack[at..].to_vec();
                    circle.push(m.clone());
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if !state.contains_key(n) {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let files = sources();
    let edges = imports(&files);
    assert!(
        edges["cli"].contains("commands/status")
            && edges["commands/status"].contains("context/mod"),
        "the import reader sees imports: {:?}",
        edges["cli"]
    );
    assert_eq!(find_circle(&edges), None);
}

#[test]
fn the_circle_finder_finds_circles() {
    let mut files = BTreeMap::new();
    files.insert("a".to_string(), "use crate::b::X;".to_string());
    files.insert("b".to_string(), "use crate::c::{Y, z::W};".to_string());
    files.insert("c/mod".to_string(), "pub use z::W;".to_string());
    files.insert("c/z".to_string(), "fn f() { crate::a::g(); }".to_string());
    let circle = find_circle(&imports(&files)).expect("a circle");
    assert_eq!(circle.first(), circle.last());
    assert!(circle.contains(&"c/z".to_string()), "{circle:?}");
    files.insert("c/z".to_string(), "fn f() {}".to_string());
    assert_eq!(find_circle(&imports(&files)), None);
}

/// (lines, module, function) of every function longer than `limit`.
fn long_functions(files: &BTreeMap<String, String>, limit: usize) -> Vec<(usize, String, String)> {
    let mut long = Vec::new();
    for (module, code) in files {
        let lines: Vec<&str> = code.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let decl = ["pub(crate) ", "pub ", "async ", "const ", "unsafe "]
                .iter()
                .fold(trimmed, |t, p| t.strip_prefix(p).unwrap_or(t));
            let Some(name) = decl.strip_prefix("fn ") else {
                i += 1;
                continue;
            };
            let name: String = name.chars().take_while(|c| is_ident(*c)).collect();
            let Some(open) = (i..lines.len()).find(|&j| {
                let l = lines[j].trim_end();
                l.ends_with('{') || l.ends_with(';')
            }) else {
                break;
            };
            if lines[open].trim_end().ends_with(';') {
                i = open + 1; // a declaration without a body
                continue;
            }
            let close = (open + 1..lines.len())
                .find(|&j| lines[j] == format!("{indent}}}"))
                .unwrap_or(lines.len() - 1);
            let n = close - i + 1;
            if n > limit {
                long.push((n, module.clone(), name));
            }
            i = close + 1;
        }
    }
    long.sort();
    long
}

/// The layers, lowest first, as lib.rs's "Layers" list gives them: each numbered line names
/// its top-level modules in backquotes.
fn layers(files: &BTreeMap<String, String>) -> Vec<Vec<String>> {
    files["lib"]
        .lines()
        .filter_map(|l| l.strip_prefix("//! "))
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .map(|l| {
            let names = l.split(" — ").next().unwrap_or(l);
            names
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// (module, its layer, an import of a higher layer) for every import that goes up.
fn upward_imports(files: &BTreeMap<String, String>) -> Vec<(String, String, String)> {
    let order = layers(files);
    let layer = |module: &str| {
        let top = module.split('/').next().unwrap_or(module);
        order.iter().position(|l| l.iter().any(|m| m == top))
    };
    let mut up = Vec::new();
    for (module, targets) in imports(files) {
        let Some(own) = layer(&module) else { continue };
        for t in targets {
            if layer(&t).is_some_and(|l| l > own) {
                up.push((module.clone(), order[own].join(" "), t));
            }
        }
    }
    up
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let files = sources();
    let order = layers(&files);
    assert_eq!(order.last(), Some(&vec!["cli".to_string()]), "{order:?}");
    // Every top-level module has its layer.
    let top: BTreeSet<String> = files
        .keys()
        .map(|m| m.split('/').next().unwrap().to_string())
        .filter(|m| m != "lib")
        .collect();
    let listed: BTreeSet<String> = order.iter().flatten().cloned().collect();
    assert_eq!(
        top, listed,
        "lib.rs's Layers list names every top-level module"
    );
    assert_eq!(upward_imports(&files), []);
    // The checker checks: a foundation module reaching up is caught.
    let mut bent = files.clone();
    bent.get_mut("error")
        .unwrap()
        .push_str("\nuse crate::cli::Cli;\n");
    assert_eq!(
        upward_imports(&bent).len(),
        1,
        "{:?}",
        upward_imports(&bent)
    );
    assert_eq!(upward_imports(&bent)[0].2, "cli");
}

#[test]
fn at_most_ten_files_stand_directly_in_common_src() {
    let top: Vec<String> = sources().into_keys().filter(|m| !m.contains('/')).collect();
    assert!(top.len() <= 10, "{} files: {top:?}", top.len());
}

#[test]
fn no_function_is_over_60_lines() {
    let files = sources();
    assert_eq!(long_functions(&files, LONGEST_FUNCTION), []);
    // The counter counts: every module has functions, and the longest are found.
    let longest = long_functions(&files, 30);
    assert!(!longest.is_empty(), "some function is over 30 lines");
}
