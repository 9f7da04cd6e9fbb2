//! The values model and its rules: the chart's `general.internal_tls` values,
//! the settings document the page and CLI share, the checks both must pass, and
//! the validated plan made from them.

pub mod algorithm;
pub mod base64;
pub mod changes;
pub mod diagnostics;
#[cfg(feature = "engine")]
pub mod helm_yaml;
pub mod model;
pub mod options;
pub mod plan;
pub mod rules;
pub mod settings;
pub mod user_values;

pub use algorithm::KeyAlgorithm;
pub use changes::{changes_from_chart, ValueChange};
pub use diagnostics::{has_errors, Diagnostic, Severity};
pub use model::{
    Certificates, ExistingCertificates, InternalTls, Source, ValuesDocument, CHART_VERSION,
};
pub use plan::{
    plan, CaPlan, CertManagerCa, CertManagerPlan, IssuePlan, KeycloakTrust, LeafPlan,
    MainCertificatePlan, MainSource, Plan, Planned, ServiceView, Work,
};
pub use rules::check_values;
pub use settings::{
    CaChoice, CertManagerIssuer, CertManagerSettings, CustomCaValues, IssuanceSettings,
    MainCertificateChoice, MainCertificateInValues, MainCertificateSettings, Provider,
    ReleaseSettings, Settings, SettingsParseError,
};
pub use user_values::{UnreadableValue, ValuesContext};
