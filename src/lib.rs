//! internal-tls-wizard: certificates, Kubernetes Secrets and `values.yaml` for
//! the Lightrun Helm chart's `general.internal_tls`, made offline.
//!
//! Data flows one way: [`values::Settings`] → [`values::plan`] (a validated
//! [`values::Plan`]) → [`pki::issue_bundle`] (keys and certificates) →
//! [`output::render`] (files). The browser page reaches this through the thin
//! `wasm` layer, the `tls-wizard` command through the thin `cli` layer.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "engine")]
pub mod api;
#[cfg(feature = "engine")]
pub mod bundle;
#[cfg(feature = "engine")]
pub mod daytwo;
#[cfg(feature = "engine")]
pub mod import;
pub mod limits;
pub mod output;
pub mod pki;
pub mod release;
pub mod values;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
