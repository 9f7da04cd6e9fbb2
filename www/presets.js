// Presets: a few settings under the names HTML attributes and URL fragments
// use (`release-name`, `namespace`, …). The element reads them from its
// attributes, and (with `fragment-presets`) from the page's #fragment.
//
// No preset can carry key material: there is no name for a certificate, a key
// or a passphrase, and any value that looks like PEM or spans lines is refused.
// The query string is never read.

/** Every preset name, in the order a link lists them. */
export const PRESET_NAMES = [
  "release-name",
  "namespace",
  "name-override",
  "cluster-domain",
  "enabled",
  "source",
  "ca",
  "ca-common-name",
  "key",
  "days",
  "ca-days",
  "shared-certificate",
  "verification",
  "ca-secret-name",
  "keycloak-cluster",
  "redis-external",
  "rabbitmq-in-cluster",
  "data-streamer",
  "extra-sans",
  "lightrun-endpoint",
  "main-certificate",
];

/** `source` values: the form's three ways, and the chart's own spellings. */
const SOURCES = {
  create: "create",
  chart: "chart",
  "bring-your-own": "bring-your-own",
  byo: "bring-your-own",
  "cert-manager": "cert-manager",
  existing_certificates: "create",
  generate_self_signed_certificates: "chart",
};

const MAX_VALUE = 512;

function parseBool(text) {
  const value = text.trim().toLowerCase();
  if (["", "true", "1", "yes", "on"].includes(value)) return true;
  if (["false", "0", "no", "off"].includes(value)) return false;
  return null;
}

function parseDays(text) {
  return /^\d{1,10}$/.test(text.trim()) && Number(text) <= 4294967295 ? Number(text) : null;
}

/** Why a value may not be a preset, or "" when it may. */
function refusal(value) {
  if (typeof value !== "string") return "not text";
  if (value.length > MAX_VALUE) return "too long";
  if (/[\r\n]/.test(value) || /-----BEGIN|PRIVATE KEY/i.test(value)) return "looks like key or certificate material";
  return "";
}

function text(field) {
  return (settings, value) => {
    field(settings, value.trim());
    return true;
  };
}

function flag(field) {
  return (settings, value) => {
    const parsed = parseBool(value);
    if (parsed === null) return false;
    field(settings, parsed);
    return true;
  };
}

function days(field) {
  return (settings, value) => {
    const parsed = parseDays(value);
    if (parsed === null) return false;
    field(settings, parsed);
    return true;
  };
}

/** How each preset changes a settings document; false when the value is not one it takes. */
const APPLY = {
  "release-name": text((s, v) => (s.release.name = v)),
  namespace: text((s, v) => (s.release.namespace = v)),
  "name-override": text((s, v) => (s.release.name_override = v)),
  "cluster-domain": text((s, v) => (s.release.cluster_domain = v)),
  enabled: flag((s, v) => (s.internal_tls.enabled = v)),
  source: (s, value) => {
    const mode = SOURCES[value.trim().toLowerCase()];
    if (!mode) return false;
    s.internal_tls.certificates.source = mode === "chart" ? "generate_self_signed_certificates" : "existing_certificates";
    s.certificates.provider = mode === "chart" ? "create" : mode;
    return true;
  },
  ca: (s, value) => {
    const choice = value.trim().toLowerCase();
    if (choice !== "new" && choice !== "provided") return false;
    s.certificates.ca = choice;
    return true;
  },
  "ca-common-name": text((s, v) => (s.certificates.ca_common_name = v)),
  // Any spelling goes into the document: the core names the algorithms it knows.
  key: (s, value) => {
    if (!/^[a-z0-9-]{1,32}$/.test(value.trim())) return false;
    s.certificates.key = value.trim();
    return true;
  },
  days: days((s, v) => (s.certificates.days = v)),
  "ca-days": days((s, v) => (s.certificates.ca_days = v)),
  "shared-certificate": flag((s, v) => (s.certificates.shared_certificate = v)),
  verification: flag((s, v) => (s.internal_tls.certificates.verification = v)),
  "ca-secret-name": text((s, v) => (s.internal_tls.certificates.existing_ca_secret_name = v)),
  "keycloak-cluster": flag((s, v) => (s.release.keycloak_cluster_mode = v)),
  "redis-external": flag((s, v) => (s.release.redis_external = v)),
  "rabbitmq-in-cluster": flag((s, v) => (s.release.rabbitmq_in_cluster = v)),
  "data-streamer": flag((s, v) => (s.release.data_streamer_enabled = v)),
  "lightrun-endpoint": text((s, v) => (s.release.lightrun_endpoint = v)),
  "main-certificate": (s, value) => {
    const choice = value.trim().toLowerCase();
    if (!["issue", "bring-your-own", "verification-off"].includes(choice)) return false;
    s.main_certificate = { ...(s.main_certificate || {}), choice };
    return true;
  },
  "extra-sans": (s, value) => {
    s.release.extra_sans = value
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "");
    return true;
  },
};

/**
 * A copy of `settings` with `presets` ({name: value}) applied, and what was
 * ignored (an unknown name, or a value the preset does not take) and why.
 * @returns {{settings: object, applied: string[], ignored: {name: string, reason: string}[]}}
 */
export function applyPresets(settings, presets) {
  const out = structuredClone(settings);
  const applied = [];
  const ignored = [];
  for (const [name, value] of Object.entries(presets)) {
    const apply = APPLY[name];
    if (!apply) {
      ignored.push({ name, reason: "not a preset" });
      continue;
    }
    const why = refusal(value);
    if (why) {
      ignored.push({ name, reason: why });
    } else if (apply(out, value)) {
      applied.push(name);
    } else {
      ignored.push({ name, reason: `"${value}" is not a value it takes` });
    }
  }
  return { settings: out, applied, ignored };
}

/**
 * The presets in a URL fragment (`#release-name=acme&namespace=prod`), as
 * {name: value}; names that are not presets are left out. Takes `location.hash`.
 */
export function presetsFromFragment(hash) {
  const presets = {};
  const text = String(hash || "").replace(/^#/, "");
  if (!text.includes("=")) return presets; // a plain #anchor, not presets
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(APPLY, name)) presets[name] = value;
  }
  return presets;
}

function presetValue(settings, name) {
  const release = settings.release;
  const tls = settings.internal_tls;
  const issuance = settings.certificates;
  switch (name) {
    case "release-name":
      return release.name;
    case "namespace":
      return release.namespace;
    case "name-override":
      return release.name_override;
    case "cluster-domain":
      return release.cluster_domain;
    case "enabled":
      return String(tls.enabled);
    case "source":
      if (tls.certificates.source === "generate_self_signed_certificates") return "chart";
      return issuance.provider === "bring-your-own" || issuance.provider === "cert-manager" ? issuance.provider : "create";
    case "ca":
      return issuance.ca;
    case "ca-common-name":
      return issuance.ca_common_name;
    case "key":
      return issuance.key;
    case "days":
      return String(issuance.days);
    case "ca-days":
      return String(issuance.ca_days);
    case "shared-certificate":
      return String(issuance.shared_certificate);
    case "verification":
      return String(tls.certificates.verification);
    case "ca-secret-name":
      return tls.certificates.existing_ca_secret_name;
    case "keycloak-cluster":
      return String(release.keycloak_cluster_mode);
    case "redis-external":
      return String(release.redis_external);
    case "rabbitmq-in-cluster":
      return String(release.rabbitmq_in_cluster);
    case "data-streamer":
      return String(release.data_streamer_enabled);
    case "extra-sans":
      return release.extra_sans.join(",");
    case "lightrun-endpoint":
      return release.lightrun_endpoint;
    case "main-certificate":
      return (settings.main_certificate && settings.main_certificate.choice) || "issue";
    default:
      return undefined;
  }
}

/**
 * The fragment (without "#") that presets `settings` over `defaults`: only the
 * presets that differ, so a link stays short. Per-service Secret names are not
 * presets and are left out; key material has no preset at all.
 */
export function fragmentFor(settings, defaults) {
  const params = new URLSearchParams();
  for (const name of PRESET_NAMES) {
    const value = presetValue(settings, name);
    if (value !== undefined && value !== presetValue(defaults, name) && !refusal(value)) {
      params.append(name, value);
    }
  }
  return params.toString();
}
