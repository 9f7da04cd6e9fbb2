// Not run: compiled with `tsc --noEmit` against dist/package by
// package.test.js, as a project that installed the package would. The lines
// marked as expected errors must stay errors, or tsc fails.

import "internal-tls-wizard";
import {
  InternalTlsWizardElement,
  TAG_NAME,
  type ChangeDetail,
  type GeneratedDetail,
  type InternalTlsWizardAttributes,
  type Settings,
} from "internal-tls-wizard";
import {
  init,
  version,
  defaultSettings,
  keyAlgorithms,
  validateSettings,
  checkCa,
  generateBundle,
  zipFiles,
  inspect,
  checkCertificate,
  GenerateError,
  InputError,
  type Bundle,
  type CheckReport,
  type KeyAlgorithm,
  type Validation,
} from "internal-tls-wizard/api";

// ---- the element

const wizard = document.createElement("internal-tls-wizard"); // typed through HTMLElementTagNameMap
const same: InternalTlsWizardElement = wizard;
const tag: "internal-tls-wizard" = TAG_NAME;
wizard.setAttribute("release-name", "acme");
wizard.toggleAttribute("compact", true);
document.body.append(same);

wizard.addEventListener("change", (event) => {
  const detail: ChangeDetail = event.detail;
  const name: string = detail.settings.release.name;
  const valid: boolean = detail.valid;
  console.log(name, valid, detail.diagnostics.map((d) => d.severity));
});

wizard.addEventListener("generated", (event) => {
  const detail: GeneratedDetail = event.detail;
  for (const file of detail.files) {
    if (!file.sensitive) console.log(file.name, file.contents.length);
  }
  const zip: Uint8Array = detail.zip;
  console.log(detail.folder, zip.byteLength);
});

wizard.addEventListener("ready", (event) => console.log(event.detail.version));
wizard.addEventListener("click", (event: MouseEvent) => console.log(event.button)); // ordinary events still typed

async function useElement(): Promise<void> {
  await wizard.ready;
  const current: Settings | null = wizard.settings;
  if (current) {
    current.release.namespace = "prod";
    wizard.settings = current;
  }
  wizard.settings = { release: { name: "acme" } }; // a part is enough
  wizard.settings = '{"release":{"name":"acme"}}'; // or JSON text
  const made = await wizard.generate();
  console.log(made.files.length, wizard.version ?? "not ready");
}

const attributes: InternalTlsWizardAttributes = { "release-name": "acme", source: "chart", key: "ecdsa-p384", compact: "" };
// @ts-expect-error: not a source the element takes
const wrongSource: InternalTlsWizardAttributes = { source: "letsencrypt" };
// @ts-expect-error: settings never carry key material
wizard.settings = { certificates: { ca_key: "-----BEGIN PRIVATE KEY-----" } };
// @ts-expect-error: events carry typed details
wizard.addEventListener("generated", (event) => event.detail.files[0].bytes);

// ---- the functional API

async function useApi(): Promise<void> {
  await init();
  await init(new Uint8Array(0));
  const v: string = version();
  const algorithms: KeyAlgorithm[] = keyAlgorithms();
  const settings = defaultSettings();
  settings.release.name = "acme";
  settings.certificates.key = "rsa-3072";
  // @ts-expect-error: not a key algorithm
  settings.certificates.key = "rsa-1024";
  const validation: Validation = validateSettings(settings);
  if (!validation.ok) console.log(validation.diagnostics[0]?.hint, validation.values_yaml ?? "");
  const ca = checkCa("-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----", new Date());
  console.log(ca.ok, ca.field, ca.not_after);
  try {
    const bundle: Bundle = generateBundle(settings, { now: Date.now(), onProgress: (done, total) => console.log(done / total) });
    const zip: Uint8Array = zipFiles("bundle", bundle.files);
    console.log(v, algorithms, zip.length);
  } catch (error) {
    if (error instanceof GenerateError) console.log(error.field, error.diagnostics.length);
  }
  for (const item of inspect("-----BEGIN CERTIFICATE-----")) {
    console.log(item.source, item.private_key?.format, item.certificates[0]?.sha256_fingerprint);
  }
  const redis = validation.services.find((s) => s.key === "redis");
  try {
    const report: CheckReport = checkCertificate("PEM", {
      key: "PEM",
      ca: "PEM",
      dnsNames: redis ? redis.dns_names : [],
      service: "redis",
      now: new Date(),
    });
    for (const finding of report.findings) console.log(finding.code, finding.severity, finding.names ?? []);
    // @ts-expect-error: not a service
    checkCertificate("PEM", { service: "postgres" });
  } catch (error) {
    if (error instanceof InputError) console.log(error.field);
  }
}

console.log(tag, attributes, wrongSource, useElement, useApi);
