//! The browser's WebAssembly carries only the `browser` part of the message table
//! (`src/i18n/messages.rs`); a message of the `server` part has no text there. This test follows
//! the islands' code as the compiler would reach it (each `#[island]` module, the modules below
//! it, and every module its `use` and `crate::`/`super::` paths name, transitively) and fails
//! when any of them names a `server` message, so a new text an island shows is never blank.

use app::i18n::Msg;
use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Modules that only gather independent features (`pages`, `components`, …): reaching one
/// (for a type it defines) does not reach every feature below it.
fn is_hub(file: &Path) -> bool {
    let rel = file.strip_prefix(src()).unwrap();
    rel == Path::new("lib.rs") || (rel.components().count() == 2 && rel.ends_with("mod.rs"))
}

/// Test modules are not in the WebAssembly.
fn is_test(file: &Path) -> bool {
    file.components()
        .any(|c| c.as_os_str() == "tests" || c.as_os_str() == "tests.rs")
}

/// The module path of a file: `components/precheck/mod.rs` is `components::precheck`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The file of the longest prefix of `parts` that names a module.
fn file_of(parts: &[String]) -> Option<PathBuf> {
    (1..=parts.len()).rev().find_map(|n| {
        let base = parts[..n].iter().fold(src(), |p, s| p.join(s));
        [base.with_extension("rs"), base.join("mod.rs")]
            .into_iter()
            .find(|f| f.is_file())
    })
}

/// `crate::a::{b::{c, d}, e as f}` as flat paths.
fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{').filter(|_| tree.ends_with('}')) {
        let mut base = prefix.to_vec();
        base.extend(
            tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let inner = &tree[open + 1..tree.len() - 1];
        let (mut depth, mut from) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[from..i], &base, out);
                    from = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[from..], &base, out);
    } else if !tree.is_empty() {
        let mut path = prefix.to_vec();
        let plain = tree.split(" as ").next().unwrap_or_default();
        path.extend(
            plain
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        out.push(path);
    }
}

/// Every path in `text` that starts at `crate`, `super` or `self`.
fn paths_in(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let after = &rest[at + 4..];
        let starts_path = ["crate::", "super::", "self::"]
            .iter()
            .any(|p| after.starts_with(p));
        let boundary = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        if starts_path && boundary {
            if let Some(end) = after.find(';') {
                expand(&after[..end], &[], &mut out);
            }
        }
        rest = after;
    }
    for start in ["crate::", "super::"] {
        let mut rest = text;
        while let Some(at) = rest.find(start) {
            let path: String = rest[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
            rest = &rest[at + start.len()..];
        }
    }
    out
}

/// The modules a file reaches: those its paths name, and those it declares (`mod x;`).
fn reached_from(file: &Path, text: &str) -> Vec<PathBuf> {
    let here = module_of(file);
    let mut files = Vec::new();
    for path in paths_in(text) {
        let parts = match path.first().map(String::as_str) {
            Some("crate") => path[1..].to_vec(),
            Some("super") => {
                let ups = path.iter().take_while(|p| *p == "super").count();
                let mut base = here[..here.len().saturating_sub(ups)].to_vec();
                base.extend(path[ups..].iter().cloned());
                base
            }
            Some("self") => here.iter().chain(&path[1..]).cloned().collect(),
            _ => continue,
        };
        files.extend(file_of(&parts));
    }
    if !is_hub(file) {
        let dir = if file.ends_with("mod.rs") || file.ends_with("lib.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for line in text.lines() {
            let line = line.trim();
            let Some(name) = line
                .strip_suffix(';')
                .and_then(|l| l.rsplit_once("mod "))
                .map(|(before, name)| (before.trim(), name.trim()))
                .filter(|(before, _)| before.is_empty() || before.starts_with("pub"))
                .map(|(_, name)| name)
            else {
                continue;
            };
            for child in [
                dir.join(format!("{name}.rs")),
                dir.join(name).join("mod.rs"),
            ] {
                if child.is_file() {
                    files.push(child);
                }
            }
        }
    }
    files
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module the islands' code reaches.
fn island_modules() -> BTreeSet<PathBuf> {
    let mut files = Vec::new();
    all_files(&src(), &mut files);
    let mut todo: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| fs::read_to_string(f).unwrap().contains("#[island"))
        .collect();
    assert!(todo.len() >= 4, "the islands were not found: {todo:?}");
    let mut seen = BTreeSet::new();
    while let Some(file) = todo.pop() {
        if is_test(&file) || !seen.insert(file.clone()) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        todo.extend(reached_from(&file, &text));
    }
    seen
}

/// The `Msg::Name`s a file names.
fn messages_named(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("Msg::") {
        let name: String = rest[at + 5..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_uppercase()) && name != "ALL" {
            names.insert(name);
        }
        rest = &rest[at + 5..];
    }
    names
}

#[test]
fn every_message_the_islands_name_is_carried_by_the_browser() {
    let modules = island_modules();
    let rel = |f: &PathBuf| f.strip_prefix(src()).unwrap().display().to_string();
    let names: Vec<String> = modules.iter().map(rel).collect();
    for expected in [
        "components/precheck/result.rs",
        "components/kiosk/runtime/numpad.rs",
        "components/read_aloud/speaker.rs",
        "components/session_warning.rs",
        "domain/eligibility/evaluate.rs",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not followed: {names:?}"
        );
    }
    let mut missing = Vec::new();
    for file in modules.iter().filter(|f| !f.ends_with("i18n/messages.rs")) {
        for name in messages_named(&fs::read_to_string(file).unwrap()) {
            let msg = Msg::from_name(&name)
                .unwrap_or_else(|| panic!("{}: Msg::{name} is not in the table", rel(file)));
            if !msg.in_browser() {
                missing.push(format!("{name} (named in {})", rel(file)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "move these into the `browser` part of src/i18n/messages.rs: {missing:#?}"
    );
}
