// Generation: one run in the generator worker (cancellable), its progress,
// and the result with its downloads. Private keys stay in memory here and in
// the worker; they leave only in the `generated` event, to the host page.

import { Cancelled, Crashed } from "./core.js";
import { saveFile } from "./downloads.js";
import { renderMergeDiff } from "./daytwo.js";
import { diagnosticElement } from "./diagnostics.js";
import { usesOwnCa, byoActive } from "./state.js";

/** Generation for wizard `w`; the returned functions go on `w.generation`. */
export function startGeneration(w) {
  const { root, $, state, form } = w;
  function setProgress(done, total, stage = "certificates") {
    const bar = $("progress-bar");
    bar.max = Math.max(total, 1);
    bar.value = done;
    $("progress-text").textContent =
      stage === "keys"
        ? `Making RSA keys: ${done} of ${total}`
        : done >= total
          ? `${total} of ${total} certificates; writing the files…`
          : `${done} of ${total} certificates`;
  }

  function showGenerateFailure(failure) {
    const slot = $("generate-diag");
    slot.replaceChildren();
    const main = { severity: "error", code: "generate-failed", path: failure.field || "", message: failure.error, hint: "" };
    slot.append(diagnosticElement(main));
    for (const diagnostic of failure.diagnostics || []) slot.append(diagnosticElement(diagnostic));
    // Shown beside the field too (by render), until the user changes it.
    state.fieldFailure = failure.field && form.fieldForPath(failure.field) ? main : null;
  }

  /**
   * Runs a generation with what the form holds. Resolves to {detail} (what
   * the `generated` event carries), {failure}, {cancelled: true} or
   * {crashed: true}; never rejects.
   */
  async function generateNow() {
    if ($("generate").disabled || state.generating) {
      return { failure: { error: $("generate-blocked").textContent || "Generation is already running.", field: null, diagnostics: [] } };
    }
    w.checks.cancelPending();
    // Focus follows the run only when the user is in this wizard (not when the host page calls generate()).
    const hadFocus = root.activeElement !== null;
    const read = w.checks.readNow();
    const snapshot = JSON.stringify(read.settings);
    const own = usesOwnCa(state) ? form.readOwnCa() : null;
    const release = read.settings.release;
    const folder = `internal-tls-${release.name}-${release.namespace}`.replace(/[^A-Za-z0-9._-]/g, "_");
    let total = 0;
    const started = performance.now();

    state.generating = true;
    state.fieldFailure = null;
    $("generate-diag").replaceChildren();
    setProgress(0, 1);
    $("progress-text").textContent = "Starting…";
    w.render();
    if (hadFocus) $("cancel").focus();
    let outcome;
    const mainCertificate = form.readMainCertificate();
    const brought = byoActive(state) ? { ...w.byo.brought(), main_certificate: mainCertificate } : null; // BYO
    try {
      const valuesText = w.valuesFile ? w.valuesFile.text() : "";
      const request = {
        settings: read.settings,
        source: brought
          ? { kind: "bring-your-own", ...brought }
          : {
              kind: "issue",
              ca_cert: own ? own.cert : null,
              ca_key: own ? own.key : null,
              main_certificate: mainCertificate || null,
            },
        values: valuesText || null,
        now: Date.now(),
      };
      const value = await w.generator.call("generate", { request, folder }, (done, all, stage) => {
        if (stage !== "keys") total = all;
        setProgress(done, all, stage);
      });
      if (brought) total = brought.certificates.length + 1;
      if (value.failure) {
        if (brought && value.failure.findings) w.byo.showRefused(value.failure.findings); // BYO
        outcome = { failure: value.failure };
        showGenerateFailure(value.failure);
        $("progress-text").textContent = state.result
          ? "Nothing new was generated; the files below are from the previous run."
          : "Nothing was generated.";
      } else {
        state.result = {
          files: value.files,
          zip: value.zip,
          diagnostics: value.diagnostics,
          snapshot,
          folder,
          release: release.name,
          namespace: release.namespace,
          certificates: Math.max(total - 1, 0),
          brought: Boolean(brought),
          at: new Date(),
          merge: value.merge,
        };
        state.caKeySaved = !value.files.some((f) => f.name === "ca.key");
        $("progress-text").textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
        renderResult();
        // The host page asked for the files by listening: it gets every one,
        // private keys included (each marked `sensitive`), and copies of them.
        outcome = {
          detail: {
            files: value.files.map((file) => ({ ...file })),
            folder,
            zip: value.zip.slice(),
            diagnostics: value.diagnostics,
            settings: JSON.parse(snapshot),
          },
        };
        w.emit("generated", outcome.detail);
      }
    } catch (error) {
      if (error instanceof Cancelled) {
        outcome = { cancelled: true };
        $("progress-text").textContent = state.result
          ? "Cancelled. The files below are from the previous run."
          : "Cancelled. Nothing was generated.";
      } else if (error instanceof Crashed) {
        outcome = { crashed: true };
      } else {
        outcome = { failure: { error: String(error.message || error), field: null, diagnostics: [] } };
        showGenerateFailure(outcome.failure);
      }
    } finally {
      state.generating = false;
      w.render();
      const active = root.activeElement;
      const lost = active === null && (document.activeElement === document.body || document.activeElement === null);
      if (hadFocus && (lost || active === $("cancel"))) {
        const next = state.result && !$("output").hidden ? $("dl-all") : $("generate");
        (next.disabled ? $("generate-title") : next).focus();
      }
    }
    return outcome;
  }

  function cancelGeneration() {
    if (!state.generating) return;
    w.generator.restart();
  }

  function fileOf(name) {
    return state.result ? state.result.files.find((f) => f.name === name) : undefined;
  }

  function renderResult() {
    const result = state.result;
    const output = $("output");
    output.hidden = !result;
    if (!result) return;
    const hasKey = Boolean(fileOf("ca.key"));
    const time = result.at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    let summary;
    if (fileOf("secrets.yaml") && result.brought) {
      summary = `Checked and packed your ${result.certificates} certificate${result.certificates === 1 ? "" : "s"} for release ${result.release} in namespace ${result.namespace} at ${time}. Download the files below.`;
    } else if (fileOf("cert-manager.yaml")) {
      const count = (fileOf("cert-manager.yaml").contents.match(/^kind: Certificate$/gm) || []).length;
      summary = `Wrote the Issuers and ${count} cert-manager Certificate${count === 1 ? "" : "s"} for release ${result.release} in namespace ${result.namespace} at ${time}: apply cert-manager.yaml, wait for them to be Ready, then install the chart. No key was made here.`;
    } else if (fileOf("secrets.yaml")) {
      // The main certificate is one of the leaves when values.yaml names its Secret.
      const withMain = /^certificate:\r?\n\s+existing_cert: \S/m.test(fileOf("values.yaml").contents);
      const services = Math.max(result.certificates - (withMain ? 1 : 0), 0);
      const made = `${services} service certificate${services === 1 ? "" : "s"}${withMain ? " and the main certificate" : ""}`;
      summary = `Made ${hasKey ? "a new CA, " : ""}${made} for release ${result.release} in namespace ${result.namespace} at ${time}. Download the files below.`;
    } else {
      summary = `values.yaml for release ${result.release} in namespace ${result.namespace} is ready (${time}). No certificates are needed for these settings.`;
    }
    $("result-status").textContent = summary;
    for (const button of $("downloads").querySelectorAll("button[data-file]")) {
      const name = button.dataset.file;
      button.hidden = name !== "*" && !fileOf(name);
    }
    // APPLY.md is in every bundle; its own button only where it holds the
    // steps the other files need (cert-manager: install, apply, wait, helm).
    $("dl-apply").hidden = !fileOf("cert-manager.yaml");
    $("key-note").hidden = !fileOf("secrets.yaml");
    for (const span of output.querySelectorAll(".ns-name")) span.textContent = result.namespace;
    // The manifests to apply: secrets.yaml, or cert-manager.yaml in cert-manager mode.
    const secrets = fileOf("secrets.yaml") || fileOf("cert-manager.yaml");
    $("secrets-preview").textContent = secrets ? secrets.contents : "";
    $("secrets-preview").hidden = !secrets;
    $("secrets-preview-title").parentElement.hidden = !secrets;
    $("secrets-preview-title").textContent = secrets ? secrets.name : "secrets.yaml";
    $("copy-secrets").textContent = secrets && secrets.name === "cert-manager.yaml" ? "Copy manifests" : "Copy Secrets";
    const apply = fileOf("APPLY.md");
    $("apply-preview").textContent = apply ? apply.contents : "";
    renderMergeDiff($, result.merge); // day-2
    const diags = $("result-diags");
    diags.replaceChildren();
    for (const diagnostic of result.diagnostics.filter((d) => d.severity !== "info")) {
      diags.append(diagnosticElement(diagnostic));
    }
  }

  function download(name) {
    const result = state.result;
    if (!result) return;
    if (name === "*") {
      saveFile(`${result.folder}.zip`, result.zip);
      state.caKeySaved = true;
      return;
    }
    const file = fileOf(name);
    if (!file) return;
    saveFile(file.name, file.contents);
    if (file.name === "ca.key") state.caKeySaved = true;
  }

  return { generateNow, cancelGeneration, renderResult, download, fileOf };
}
