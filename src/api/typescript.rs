//! The TypeScript declarations of what the core's calls take and answer
//! (`www/core-types.d.ts`), generated from the Rust types with ts-rs, so the
//! page's and the package's types cannot drift from the core. The test fails
//! when the committed file differs; `UPDATE_TYPES=1 cargo test --lib
//! typescript` writes it anew.

use ts_rs::TS;

use crate::api::calls::{
    AuditRequest, BundleArchive, CheckRequest, GenerateAnswer, GenerateRequest, GenerateSource,
    KeysWanted, NamedText, RenewAnswer, RenewRequest, ValuesRead,
};
use crate::bundle::{BroughtCertificate, BroughtCertificates};
use crate::daytwo::merge::{MergeAction, Merged};
use crate::daytwo::renew::{RenewReport, RenewedSecret};
use crate::import::expiry::{CaExpiry, ExpiryBand};
use crate::import::{AuditReport, ServiceAudit, ServiceStatus};
use crate::import::{
    CertificateInfo, CheckReport, InspectedItem, KeyFormat, KeySummary, PublicKeyInfo,
};
use crate::output::page::{CaCheck, Failure, MainSummary, Validation};
use crate::output::OutputFile;
use crate::release::ServiceKey;
use crate::values::{
    CaChoice, CertManagerIssuer, CertManagerSettings, Certificates, CustomCaValues, Diagnostic,
    ExistingCertificates, InternalTls, IssuanceSettings, KeyAlgorithm, MainCertificateChoice,
    MainCertificateInValues, MainCertificateSettings, Provider, ReleaseSettings, ServiceView,
    Settings, Severity, Source, ValueChange, ValuesContext,
};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/core-types.d.ts");

fn declaration<T: TS>() -> String {
    let docs = T::DOCS.unwrap_or_default();
    tidy(&format!("{docs}export {}\n", T::decl()))
}

/// ts-rs's text with each member on its own line and each closing brace on
/// its own: what a reader expects, and what wasm-bindgen's indenting of the
/// glue's .d.ts (which holds these declarations) follows.
fn tidy(declaration: &str) -> String {
    let mut out = String::new();
    let mut depth: usize = 0;
    for line in declaration.lines() {
        let mut rest = line.trim();
        loop {
            // A body's last member and its closing brace share a line in
            // ts-rs's text: the brace starts a line of its own.
            let (piece, next) = match rest.find(", }") {
                Some(at) if depth > 0 => (&rest[..=at], Some(&rest[at + 2..])),
                _ => (rest, None),
            };
            if !piece.is_empty() {
                let level = if piece.starts_with('}') {
                    depth.saturating_sub(1)
                } else {
                    depth
                };
                out.push_str(&"  ".repeat(level));
                if piece.starts_with('*') {
                    out.push(' ');
                }
                out.push_str(piece);
            }
            out.push('\n');
            depth = (depth + piece.matches('{').count()).saturating_sub(piece.matches('}').count());
            match next {
                Some(next) => rest = next,
                None => break,
            }
        }
    }
    out
}

/// The whole file: every type, dependencies before the types that use them.
fn generated() -> String {
    let mut out = String::from(
        "// Generated from the Rust core's types by src/api/typescript.rs (ts-rs).\n\
         // Do not edit: change the Rust type, then run\n\
         // UPDATE_TYPES=1 cargo test --lib typescript\n\n",
    );
    let aliases = "\n/**\n * A finding about a certificate, key or Secret: the same type as a diagnostic.\n */\nexport type Finding = Diagnostic;\n";
    for declaration in [
        declaration::<KeyAlgorithm>(),
        declaration::<ServiceKey>(),
        declaration::<CustomCaValues>(),
        declaration::<ReleaseSettings>(),
        declaration::<MainCertificateChoice>(),
        declaration::<MainCertificateInValues>(),
        declaration::<MainCertificateSettings>(),
        declaration::<Source>(),
        declaration::<ExistingCertificates>(),
        declaration::<Certificates>(),
        declaration::<InternalTls>(),
        declaration::<Provider>(),
        declaration::<CaChoice>(),
        declaration::<CertManagerIssuer>(),
        declaration::<CertManagerSettings>(),
        declaration::<IssuanceSettings>(),
        declaration::<Settings>(),
        declaration::<Severity>(),
        declaration::<Diagnostic>(),
        declaration::<ServiceView>(),
        declaration::<ValueChange>(),
        declaration::<MainSummary>(),
        declaration::<Validation>(),
        declaration::<CaCheck>(),
        declaration::<OutputFile>(),
        declaration::<PublicKeyInfo>(),
        declaration::<CertificateInfo>(),
        declaration::<KeyFormat>(),
        declaration::<KeySummary>(),
        declaration::<InspectedItem>(),
        declaration::<CheckReport>(),
        declaration::<Failure>(),
        declaration::<ValuesContext>(),
        declaration::<MergeAction>(),
        declaration::<Merged>(),
        declaration::<BroughtCertificate>(),
        declaration::<BroughtCertificates>(),
        declaration::<GenerateSource>(),
        declaration::<GenerateRequest>(),
        declaration::<GenerateAnswer>(),
        declaration::<KeysWanted>(),
        declaration::<CheckRequest>(),
        declaration::<NamedText>(),
        declaration::<AuditRequest>(),
        declaration::<ServiceStatus>(),
        declaration::<ExpiryBand>(),
        declaration::<ServiceAudit>(),
        declaration::<CaExpiry>(),
        declaration::<AuditReport>(),
        declaration::<RenewRequest>(),
        declaration::<RenewedSecret>(),
        declaration::<RenewReport>(),
        declaration::<RenewAnswer>(),
        declaration::<ValuesRead>(),
        declaration::<BundleArchive>(),
    ] {
        out.push('\n');
        out.push_str(&declaration);
        if declaration.contains("export type Diagnostic =") {
            out.push_str(aliases);
        }
    }
    out
}

#[test]
fn the_committed_declarations_are_the_generated_ones() {
    let wanted = generated();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(FILE, &wanted).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        committed == wanted,
        "www/core-types.d.ts is not what the Rust types declare; run UPDATE_TYPES=1 cargo test --lib typescript and commit it"
    );
}
