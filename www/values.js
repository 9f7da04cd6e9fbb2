// Which values the generated values.yaml changes from the chart's own
// defaults (lightrun-helm-chart 3.50.0's values.yaml, general.internal_tls).

/** The chart's defaults, by values path. */
export const CHART_DEFAULTS = {
  "general.internal_tls.enabled": "false",
  "general.internal_tls.certificates.verification": "true",
  "general.internal_tls.certificates.existing_ca_secret_name": "",
  "general.internal_tls.certificates.source": "existing_certificates",
  "general.internal_tls.certificates.existing_certificates.frontend": "",
  "general.internal_tls.certificates.existing_certificates.keycloak": "",
  "general.internal_tls.certificates.existing_certificates.keycloak_cluster": "",
  "general.internal_tls.certificates.existing_certificates.redis": "",
  "general.internal_tls.certificates.existing_certificates.rabbitmq": "",
  "general.internal_tls.certificates.existing_certificates.data_streamer": "",
  "general.internal_tls.certificates.existing_certificates.artifacts": "",
};

function unquote(text) {
  const value = text.trim();
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value);
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}

/**
 * Flattens the block-style mapping the core writes (nested keys, scalar
 * leaves) into {path: value}. Only for display: the core is the authority.
 */
export function flattenValues(yaml) {
  const out = {};
  const stack = [];
  for (const line of yaml.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#") || line.startsWith("---")) continue;
    const indent = line.length - line.trimStart().length;
    const match = /^([^:#]+):(?:\s+(.*))?$/.exec(line.trim());
    if (!match) continue;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const path = [...stack.map((entry) => entry.key), match[1]].join(".");
    if (match[2] === undefined || match[2] === "") {
      stack.push({ indent, key: match[1] });
    } else {
      out[path] = unquote(match[2]);
    }
  }
  return out;
}

/** [{path, from, to}] for each chart default the values change. */
export function valueChanges(yaml) {
  const values = flattenValues(yaml);
  const changes = [];
  for (const [path, from] of Object.entries(CHART_DEFAULTS)) {
    if (path in values && values[path] !== from) {
      changes.push({ path, from, to: values[path] });
    }
  }
  return changes;
}
