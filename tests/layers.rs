//! The crate's floors (see `src/lib.rs`): a module names only modules on
//! floors below its own, never one above or beside it. Read from the
//! source text, so a new upward `use crate::…` fails here with the file and
//! line, before it becomes a habit.

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules by floor, top first; modules on one floor do not use
/// each other either.
const FLOORS: &[&[&str]] = &[
    &["element"],
    &["components"],
    &["provider"],
    &["host"],
    &["auth", "card"],
    &["client"],
    &["config"],
    &["coder"],
    &["de"],
];

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `path` holds tests only (they may reach anywhere).
fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().unwrap().to_string_lossy();
    name == "tests"
        || name.ends_with("_tests")
        || path.components().any(|c| c.as_os_str() == "tests")
}

/// `(line number, module)` of every `crate::<module>` the code (not its
/// comments, nor a `#[cfg(test)]` part at the end of a file) names.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((i + 1, name));
        }
    }
    found
}

#[test]
fn no_module_names_one_on_its_floor_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut checked = 0;
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let module = top.to_string_lossy().trim_end_matches(".rs").to_owned();
        let Some(own) = floor(&module) else {
            assert_eq!(
                module,
                "lib",
                "{} is on no floor: add it to FLOORS",
                file.display()
            );
            continue;
        };
        for (line, used) in crate_paths(&fs::read_to_string(file).unwrap()) {
            checked += 1;
            let theirs = floor(&used).unwrap_or_else(|| {
                panic!("{}:{line}: crate::{used} is on no floor", file.display())
            });
            if used != module && theirs <= own {
                upward.push(format!(
                    "{}:{line}: {module} names crate::{used}",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        checked > 50,
        "the scan found only {checked} crate paths: is it reading src/?"
    );
    assert!(
        upward.is_empty(),
        "imports that run up or across a floor:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_scan_sees_imports_and_skips_comments_and_tests() {
    let text = "use crate::config::X;\n// crate::element in a comment\nfn f() { crate::de::from_tree(x) }\n#[cfg(test)]\nmod tests { use crate::element; }\n";
    assert_eq!(
        crate_paths(text),
        [(1, "config".to_owned()), (3, "de".to_owned())]
    );
}
