// Presets: a few settings under the names HTML attributes and URL fragments
// use (`release-name`, `namespace`, …). The element reads them from its
// attributes, and (with `fragment-presets`) from the page's #fragment.
//
// No preset can carry key material: there is no name for a certificate, a key
// or a passphrase, and any value that looks like PEM or spans lines is refused.
// The query string is never read.

import { SETTINGS } from "./settings-table.js";

/** Every preset, by name; from the one table of settings (src/values/options.rs). */
const PRESETS = new Map(SETTINGS.map((setting) => [setting.name, setting]));

/** Every preset name, in the order a link lists them. */
export const PRESET_NAMES = SETTINGS.map((setting) => setting.name);

/** `source` values: the form's ways, and the chart's own spellings. */
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

/** The value at a dotted settings path. */
export function get(settings, path) {
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), settings);
}

/** Sets the value at a dotted settings path, making the objects on the way. */
export function set(settings, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let target = settings;
  for (const key of keys) {
    if (target[key] == null || typeof target[key] !== "object") target[key] = {};
    target = target[key];
  }
  target[last] = value;
}

/** The value a preset's text stands for, or undefined when it takes no such value. */
function parse(setting, value) {
  switch (setting.kind) {
    case "text":
      return value.trim();
    case "flag":
      return parseBool(value) ?? undefined;
    case "days":
      return parseDays(value) ?? undefined;
    case "choice": {
      const choice = value.trim().toLowerCase();
      return setting.choices.includes(choice) ? choice : undefined;
    }
    case "names":
      return value
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "");
    default:
      return undefined;
  }
}

/** Applies one preset; false when the value is not one it takes. */
function apply(settings, setting, value) {
  if (setting.name === "source") {
    // One choice, two fields: the chart's source and who makes the certificates.
    const mode = SOURCES[value.trim().toLowerCase()];
    if (!mode) return false;
    settings.internal_tls.certificates.source = mode === "chart" ? "generate_self_signed_certificates" : "existing_certificates";
    settings.certificates.provider = mode === "chart" ? "create" : mode;
    return true;
  }
  const parsed = parse(setting, value);
  if (parsed === undefined) return false;
  set(settings, setting.path, parsed);
  return true;
}

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
    const setting = PRESETS.get(name);
    if (!setting) {
      ignored.push({ name, reason: "not a preset" });
      continue;
    }
    const why = refusal(value);
    if (why) {
      ignored.push({ name, reason: why });
    } else if (apply(out, setting, value)) {
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
    if (PRESETS.has(name)) presets[name] = value;
  }
  return presets;
}

/** A preset's value in a settings document, as a link spells it. */
function presetValue(settings, name) {
  const setting = PRESETS.get(name);
  if (!setting) return undefined;
  if (name === "source") {
    const issuance = settings.certificates;
    if (settings.internal_tls.certificates.source === "generate_self_signed_certificates") return "chart";
    return issuance.provider === "bring-your-own" || issuance.provider === "cert-manager" ? issuance.provider : "create";
  }
  const value = get(settings, setting.path);
  if (name === "main-certificate") return value || "issue"; // left open: issued
  if (value === undefined || value === null) return undefined;
  return setting.kind === "names" ? value.join(",") : String(value);
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
