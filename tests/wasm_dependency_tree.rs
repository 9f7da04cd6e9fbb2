#![cfg(not(target_arch = "wasm32"))] // runs real processes and native TLS
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The browser build's dependency tree, as cargo resolves it for
//! `wasm32-unknown-unknown`: no native crypto (ring and aws-lc need a C
//! toolchain and have no browser entropy), and every getrandom reaches the
//! browser's `crypto.getRandomValues` through its JavaScript backend, without
//! which it fails to compile (0.2) or fails at run time (0.3+).

mod support;

use std::collections::BTreeSet;

const TARGET: &str = "wasm32-unknown-unknown";

/// `cargo tree --target wasm32-unknown-unknown ARGS…` from the crate's root,
/// with the cargo that runs these tests.
fn cargo_tree(args: &[&str]) -> String {
    support::run_ok(
        std::process::Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["tree", "--target", TARGET])
            .args(args),
    )
}

/// Every package of the normal (non-dev, non-build) tree for the browser, as `name vX.Y.Z`.
fn wasm_packages() -> BTreeSet<String> {
    cargo_tree(&["-e", "normal", "--prefix", "none"])
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect()
}

#[test]
fn the_wasm32_target_is_installed() {
    let installed =
        support::run_ok(support::tool("rustup").args(["target", "list", "--installed"]));
    assert!(
        installed.lines().any(|l| l.trim() == TARGET),
        "the {TARGET} target is not installed (`rustup target add {TARGET}`); installed:\n{installed}"
    );
}

#[test]
fn the_browser_build_pulls_in_neither_ring_nor_aws_lc() {
    let packages = wasm_packages();
    assert!(
        packages
            .iter()
            .any(|p| p.starts_with("internal-tls-wizard ")),
        "cargo tree did not list the crate itself: {packages:?}"
    );
    let native: Vec<&String> = packages
        .iter()
        .filter(|p| {
            let name = p.split(' ').next().unwrap_or_default();
            name == "ring" || name.starts_with("aws-lc")
        })
        .collect();
    assert!(
        native.is_empty(),
        "the wasm32 build depends on native crypto: {native:?}"
    );
}

#[test]
fn every_getrandom_in_the_browser_build_uses_its_javascript_backend() {
    let versions: Vec<String> = wasm_packages()
        .into_iter()
        .filter_map(|p| p.strip_prefix("getrandom v").map(str::to_string))
        .collect();
    assert!(
        !versions.is_empty(),
        "no getrandom in the wasm32 tree: keys could not be made"
    );
    let mut missing = vec![];
    for version in &versions {
        let feature = if version.starts_with("0.1.") || version.starts_with("0.2.") {
            "js"
        } else {
            "wasm_js"
        };
        let inverted = cargo_tree(&[
            "-e",
            "features",
            "-i",
            &format!("getrandom@{version}"),
            "--prefix",
            "none",
        ]);
        let enabled = inverted.lines().any(|l| {
            l.trim_end_matches(" (*)").trim() == format!("getrandom feature \"{feature}\"")
        });
        if !enabled {
            missing.push(format!(
                "getrandom {version} lacks feature {feature:?}:\n{inverted}"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The `rust-version` the crate declares is at least what every locked
/// dependency it builds with declares, so the claim is not false.
#[test]
fn the_declared_rust_version_covers_every_dependency() {
    let metadata = support::run_ok(
        std::process::Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["metadata", "--format-version", "1", "--locked", "--offline"]),
    );
    let metadata: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    let version =
        |text: &str| -> Vec<u64> { text.split('.').map(|part| part.parse().unwrap()).collect() };
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "internal-tls-wizard")
        .unwrap();
    let declared = version(ours["rust_version"].as_str().unwrap());
    // The packages a normal or build dependency edge reaches from the crate.
    let nodes: std::collections::BTreeMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let mut reached = BTreeSet::new();
    let mut stack = vec![metadata["resolve"]["root"].as_str().unwrap()];
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            if dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build")
            {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    for package in packages
        .iter()
        .filter(|p| reached.contains(p["id"].as_str().unwrap()))
    {
        if let Some(needs) = package["rust_version"].as_str() {
            let mut needed = version(needs);
            let mut have = declared.clone();
            needed.resize(3, 0);
            have.resize(3, 0);
            assert!(
                have >= needed,
                "{} {} needs Rust {needs}; Cargo.toml declares rust-version {}",
                package["name"],
                package["version"],
                ours["rust_version"]
            );
        }
    }
}
