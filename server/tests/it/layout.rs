//! The code's layering: no two modules at the same level import each other, directly or round a
//! loop, in `server/src`, `app/src` or an area of the app's pages. A loop means neither module
//! can be read (or changed) without the other; the fix is to move what both need down a level.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// Every `.rs` file under `root` with its module path (`web/mod.rs` is `["web"]`).
fn modules(root: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.push((path, parts));
            }
        }
    }
    out
}

/// The names at the top level of a `use` tree's braces: `{a::b, c::{d, e}}` gives `a`, `c`.
fn first_names(tree: &str) -> Vec<String> {
    let mut names = Vec::new();
    let (mut depth, mut token, mut fresh) = (0, String::new(), true);
    for ch in tree.chars() {
        let word = ch.is_alphanumeric() || ch == '_';
        if !word && !token.is_empty() {
            let name = std::mem::take(&mut token);
            if fresh {
                names.push(name);
                fresh = false;
            }
        }
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 1 => fresh = true,
            c if word && depth == 1 => token.push(c),
            _ => {}
        }
    }
    names
}

/// The module paths a file refers to through `crate::` and `super::`.
fn references(source: &str, module: &[String]) -> BTreeSet<Vec<String>> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let names = if rest.starts_with('{') {
                let mut depth = 0;
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(rest.len(), |(i, _)| i + 1);
                first_names(&rest[..end])
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                vec![name]
            };
            for name in names {
                let mut path = base.clone();
                path.push(name);
                found.insert(path);
            }
        }
    }
    found
}

/// Loops among the modules directly under `level` (a module path) of the crate at `root`.
fn loops(root: &Path, level: &[&str]) -> Vec<Vec<String>> {
    let files = modules(root);
    let known: BTreeSet<Vec<String>> = files.iter().map(|(_, m)| m.clone()).collect();
    let depth = level.len();
    let under = |m: &[String]| m.len() > depth && m[..depth].iter().zip(level).all(|(a, b)| a == b);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, module) in &files {
        if !under(module) {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap();
        for target in references(&source, module) {
            if under(&target) && target[depth] != module[depth] && known.contains(&target[..=depth])
            {
                edges
                    .entry(module[depth].clone())
                    .or_default()
                    .insert(target[depth].clone());
            }
        }
    }
    // Modules that reach each other are in one loop.
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for m in edges.keys() {
        let from_m = reach(m);
        if from_m.contains(m) {
            let mut group: Vec<String> = from_m
                .into_iter()
                .filter(|other| reach(other).contains(m))
                .collect();
            group.sort();
            found.insert(group);
        }
    }
    found.into_iter().collect()
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn the_server_modules_import_each_other_in_one_direction_only() {
    assert_eq!(loops(&crate_src("server"), &[]), Vec::<Vec<String>>::new());
}

#[test]
fn the_app_modules_and_page_areas_import_each_other_in_one_direction_only() {
    let app = crate_src("app");
    for level in [
        &[][..],
        &["pages"],
        &["pages", "directory"],
        &["pages", "staff"],
        &["components"],
        &["domain"],
        &["api"],
    ] {
        assert_eq!(
            loops(&app, level),
            Vec::<Vec<String>>::new(),
            "under {level:?}"
        );
    }
}

#[test]
fn the_loop_finder_sees_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.rs"), "use crate::b::thing;").unwrap();
    std::fs::write(dir.path().join("b.rs"), "use crate::{c::x, a::{y, z}};").unwrap();
    std::fs::write(dir.path().join("c.rs"), "fn f() {}").unwrap();
    assert_eq!(
        loops(dir.path(), &[]),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
}
