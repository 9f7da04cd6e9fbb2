//! What a plan's `general.internal_tls` changes from the chart's own
//! defaults, value by value: the page's "Values that differ from the chart".

use serde::Serialize;
use serde_yaml::Value;

use super::InternalTls;

/// One value the wizard writes that differs from the chart's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValueChange {
    /// The values path, e.g. `general.internal_tls.certificates.verification`.
    pub path: String,
    /// The chart's default, as values.yaml spells it.
    pub from: String,
    /// What the wizard writes.
    pub to: String,
}

/// Every leaf of `values` that differs from the chart's default
/// ([`InternalTls::default`]), in the document's order.
pub fn changes_from_chart(values: &InternalTls) -> Vec<ValueChange> {
    let (Ok(ours), Ok(chart)) = (
        serde_yaml::to_value(values),
        serde_yaml::to_value(InternalTls::default()),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk("general.internal_tls", &ours, &chart, &mut out);
    out
}

fn walk(path: &str, ours: &Value, chart: &Value, out: &mut Vec<ValueChange>) {
    match ours {
        Value::Mapping(fields) => {
            for (key, value) in fields {
                let key = scalar(key);
                let theirs = chart.get(key.as_str()).unwrap_or(&Value::Null);
                walk(&format!("{path}.{key}"), value, theirs, out);
            }
        }
        _ if ours != chart => out.push(ValueChange {
            path: path.to_string(),
            from: scalar(chart),
            to: scalar(ours),
        }),
        _ => {}
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Source;

    #[test]
    fn the_charts_own_defaults_change_nothing() {
        assert_eq!(changes_from_chart(&InternalTls::default()), []);
    }

    #[test]
    fn each_changed_leaf_is_listed_with_the_charts_value() {
        let mut values = InternalTls {
            enabled: true,
            ..InternalTls::default()
        };
        values.certificates.verification = false;
        values.certificates.existing_certificates.redis = "acme-redis-tls".into();
        values.certificates.source = Source::GenerateSelfSignedCertificates;
        let changes = changes_from_chart(&values);
        let said: Vec<(&str, &str, &str)> = changes
            .iter()
            .map(|c| (c.path.as_str(), c.from.as_str(), c.to.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                ("general.internal_tls.enabled", "false", "true"),
                (
                    "general.internal_tls.certificates.verification",
                    "true",
                    "false"
                ),
                (
                    "general.internal_tls.certificates.source",
                    "existing_certificates",
                    "generate_self_signed_certificates"
                ),
                (
                    "general.internal_tls.certificates.existing_certificates.redis",
                    "",
                    "acme-redis-tls"
                ),
            ]
        );
    }
}
