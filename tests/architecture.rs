//! The layers only point down (architecture.md): `domain` ← `server` ← `api` ← `ui`, with
//! `ui` also on `domain`, and only the entry (`app.rs`, `main.rs`, `lib.rs`) joining them.
//! Every `crate::…` path and every `super::…` chain that climbs out of its layer is read
//! from the sources and checked; a newly added upward import fails here, naming the file
//! and line. No exception is allowed today.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

const LAYERS: [&str; 4] = ["domain", "server", "api", "ui"];

/// The layers each layer may name (besides itself).
fn may_use(layer: &str) -> &'static [&'static str] {
    match layer {
        "domain" => &[],
        "server" => &["domain"],
        "api" => &["domain", "server"],
        "ui" => &["domain", "api"],
        _ => &LAYERS,
    }
}

/// Crates that only the server has: the shared domain must compile without them.
const SERVER_ONLY_CRATES: [&str; 8] = [
    "axum::",
    "surrealdb::",
    "tokio::",
    "tantivy::",
    "leptos_axum::",
    "lettre::",
    "object_store::",
    "tracing::",
];

/// The module path of a source file below `src/`: `server/db/mod.rs` → `[server, db]`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The top-level modules a (logical) line names: `crate::x…`, `crate::{x, y::{…}, …}`,
/// and `super::` chains (also with a group) resolved from `module`, the file's module path.
fn named_roots(line: &str, module: &[String]) -> Vec<String> {
    let mut roots = Vec::new();
    let mut i = 0;
    while let Some(at) = line[i..].find("crate::") {
        let start = i + at;
        i = start + "crate::".len();
        // `$crate::` is a macro's own crate root; `x_crate::` is another name.
        if line[..start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            continue;
        }
        roots.extend(heads(&line[i..]));
    }
    let mut i = 0;
    while let Some(at) = line[i..].find("super::") {
        let start = i + at;
        let mut end = start;
        let mut ups = 0;
        while line[end..].starts_with("super::") {
            ups += 1;
            end += "super::".len();
        }
        i = end;
        if line[..start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        {
            continue;
        }
        // A file's `super` is its parent module; climbing past its layer reaches the root.
        if ups >= module.len() {
            roots.extend(heads(&line[end..]));
        }
    }
    roots.retain(|r| !r.is_empty());
    roots
}

/// The first names of a path's rest: `api::X` → `[api]`; `{api::X, ui::{A, B}}` →
/// `[api, ui]` (items split at the group's own commas, not at nested ones).
fn heads(rest: &str) -> Vec<String> {
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let mut items = Vec::new();
    let (mut depth, mut item_start) = (0usize, 0usize);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(ident(group[item_start..i].trim()));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(ident(group[item_start..i].trim()));
                item_start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The file's code as logical lines (number of the first line, text): line comments out,
/// and a `{…}` group of a `use` joined to its first line, however many lines it spans.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = 0i32;
    for (n, line) in text.lines().enumerate() {
        let code = line.trim();
        if code.starts_with("//") {
            continue;
        }
        let balance = code.matches('{').count() as i32 - code.matches('}').count() as i32;
        match out.last_mut() {
            Some((_, joined)) if open > 0 => {
                joined.push(' ');
                joined.push_str(code);
                open += balance;
            }
            _ => {
                out.push((n + 1, code.to_owned()));
                let starts_group = code.starts_with("use ") || code.starts_with("pub use ");
                open = if starts_group { balance.max(0) } else { 0 };
            }
        }
    }
    out
}

/// Every upward or sideways import in `text`, a file of `module`, as "line: text".
fn violations(module: &[String], text: &str) -> Vec<String> {
    let Some(layer) = module.first().map(String::as_str) else {
        return Vec::new();
    };
    if !LAYERS.contains(&layer) {
        return Vec::new(); // the entry: app.rs, main.rs, lib.rs
    }
    let allowed = may_use(layer);
    let mut found = Vec::new();
    for (n, code) in logical_lines(text) {
        for root in named_roots(&code, module) {
            let is_layer = LAYERS.contains(&root.as_str()) || root == "app";
            if is_layer && root != layer && !allowed.contains(&root.as_str()) {
                found.push(format!("{n}: {layer} → {root}: {code}"));
            }
        }
        if layer == "domain" {
            for c in SERVER_ONLY_CRATES {
                let hit = code.match_indices(c).any(|(i, _)| {
                    !code[..i]
                        .chars()
                        .last()
                        .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == ':')
                });
                if hit {
                    found.push(format!("{n}: domain uses {c}: {code}"));
                }
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn layers_only_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 100, "only {} source files found", files.len());
    let mut all = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        for v in violations(&module_of(relative), &text) {
            all.push(format!("src/{}:{v}", relative.display()));
        }
    }
    assert!(
        all.is_empty(),
        "imports against the layers (architecture.md):\n{}",
        all.join("\n")
    );
}

#[test]
fn the_checker_sees_each_kind_of_upward_import() {
    let module = |p: &str| module_of(Path::new(p));
    let bad = |p: &str, text: &str| violations(&module(p), text);
    assert_eq!(module("server/db/mod.rs"), ["server", "db"]);
    assert_eq!(
        module("server/http/errors.rs"),
        ["server", "http", "errors"]
    );
    // Plain paths, groups, and `super` chains that climb out of the layer.
    assert_eq!(
        bad("server/http/errors.rs", "use crate::api::AppError;").len(),
        1
    );
    assert_eq!(
        bad(
            "server/x.rs",
            "use crate::{api::AppError, domain::rule::Rule};"
        )
        .len(),
        1
    );
    assert_eq!(
        bad("server/http/errors.rs", "use super::super::super::ui::App;").len(),
        1
    );
    assert_eq!(
        bad(
            "ui/lazy_chunks.rs",
            "    use_context::<crate::server::state::AppState>(),"
        )
        .len(),
        1
    );
    assert_eq!(bad("domain/x.rs", "use crate::server::db::Db;").len(), 1);
    assert_eq!(
        bad("domain/x.rs", "fn f(db: &surrealdb::Surreal<Any>) {}").len(),
        1
    );
    assert_eq!(bad("api/x.rs", "use crate::ui::App;").len(), 1);
    // Groups over several lines, nested groups, and a `super` group at the root.
    let multi = "use crate::{\n    domain::{rule::Rule, error::AppError},\n    api::AppError,\n};";
    assert_eq!(
        bad("server/x.rs", multi).len(),
        1,
        "{:?}",
        bad("server/x.rs", multi)
    );
    assert_eq!(
        bad("server/http/x.rs", "use super::super::super::{db, ui};").len(),
        1
    );
    let nested = "use crate::{domain::{a, b}, ui::App};";
    assert_eq!(bad("server/x.rs", nested).len(), 1);
    // What is allowed, and what only looks like it.
    assert!(
        bad(
            "server/http/errors.rs",
            "use crate::domain::error::AppError;"
        )
        .is_empty()
    );
    assert!(bad("server/http/errors.rs", "use super::super::db::Db;").is_empty());
    assert!(
        bad(
            "server/x.rs",
            "// crate::api::AppError is not imported here"
        )
        .is_empty()
    );
    assert!(bad("ui/x.rs", "use crate::api::occurrences::get_occurrence;").is_empty());
    assert!(bad("api/x.rs", "use crate::server::db::Actor;").is_empty());
    assert!(bad("app.rs", "use crate::{server::state::AppState, ui::App};").is_empty());
    assert!(
        bad(
            "domain/x.rs",
            "use crate::domain::search::tokenizer::Tokenizer;"
        )
        .is_empty()
    );
}

/// Small files, one purpose each: no source file over this many lines before its tests.
const MAX_LINES_BEFORE_TESTS: usize = 450;

#[test]
fn no_source_file_is_long_before_its_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text
                .lines()
                .take_while(|l| !l.starts_with("#[cfg(test)]"))
                .count();
            (code > MAX_LINES_BEFORE_TESTS).then(|| format!("{} ({code})", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES_BEFORE_TESTS} lines before the tests, split them: {long:?}"
    );
}
