// The markup of one <internal-tls-wizard>, put into its shadow root. Every id
// is local to that shadow root, so several wizards on a page never collide.
// No inline styles or scripts (the pages' Content-Security-Policy forbids
// them): the look is in wizard.css, the behaviour in app.js. The settings
// form is template-form.js's.

import { FORM } from "./template-form.js";

export const TEMPLATE = `
<div class="itw" id="itw">
<a class="skip-link" href="#generate-section">Skip to Generate</a>

<div class="toolbar" role="group" aria-label="Settings file">
  <button type="button" id="save-settings" class="secondary" aria-describedby="settings-help">Save settings</button>
  <button type="button" id="load-settings" class="secondary" aria-describedby="settings-help">Load settings</button>
  <button type="button" id="reset-form" class="secondary" aria-describedby="settings-help">Reset form</button>
  <button type="button" id="copy-link" class="secondary" aria-describedby="copy-link-help" hidden>Copy link</button>
  <input type="file" id="load-settings-file" accept=".json,application/json" hidden>
  <p class="help" id="settings-help">Save writes the form to a small JSON file (never a key) that <code>tls-wizard generate --config</code> replays; Load reads one back; Reset returns to the defaults.</p>
  <p class="help" id="copy-link-help" hidden>Copy link copies this page's address with the release's settings after the <code>#</code>; never a key or a certificate.</p>
  <p class="settings-message" id="settings-message" role="status"></p>
  <p class="help chart-version" id="chart-version">Rules of the Lightrun chart <span id="chart-version-number"></span>: the names, keys, defaults and trust follow that version's templates.</p>
</div>

<div class="crash" id="crash" role="alert" hidden>
  <h2>The certificate engine stopped</h2>
  <p>Something went wrong inside the WebAssembly core and it cannot continue in this tab: <span id="crash-message"></span></p>
  <p id="crash-advice">Your settings are kept (keys are not). Reload to start the engine again with the same settings.</p>
  <button type="button" id="crash-reload">Reload</button>
</div>

<p class="loading" id="loading" role="status">Loading the certificate engine…</p>

<section class="card summary" id="summary" aria-labelledby="summary-title" aria-busy="true">
  <h2 id="summary-title">Checks</h2>
  <p class="summary-counts" id="summary-counts">Checking…</p>
  <ul class="summary-list" id="summary-list"></ul>
</section>

${FORM}

<section class="card" id="values-section" aria-labelledby="values-title">
  <h2 id="values-title">values.yaml</h2>
  <p class="section-help">What the chart will be told, updated as you type.</p>
  <div class="changes-block">
    <h3>Changes from the chart's defaults</h3>
    <p class="help">Keys under <code>general.internal_tls</code>; everything else keeps the chart's default.</p>
    <ul class="changes" id="changes"></ul>
  </div>
  <div class="preview-head">
    <h3 id="values-preview-title">Preview</h3>
    <button type="button" class="secondary small" id="copy-values" aria-describedby="values-preview-title">Copy values</button>
  </div>
  <pre class="preview" id="values-preview" tabindex="0" aria-labelledby="values-preview-title"></pre>
</section>

<section class="card generate" id="generate-section" aria-labelledby="generate-title">
  <h2 id="generate-title">Generate</h2>
  <p class="section-help" id="generate-help">Makes the CA and every certificate in this browser. Nothing is uploaded.</p>
  <p class="section-help offline-ready" id="offline-ready" hidden>Everything is loaded: this page now works without a network.</p>
  <div class="actions">
    <button type="button" id="generate" class="primary" aria-describedby="generate-help generate-blocked">Generate</button>
    <button type="button" id="cancel" class="secondary" hidden>Cancel</button>
  </div>
  <p class="blocked" id="generate-blocked"></p>
  <div class="progress" id="progress" hidden>
    <progress id="progress-bar" max="1" value="0" aria-labelledby="progress-text"></progress>
  </div>
  <p class="progress-text" id="progress-text" role="status" aria-live="polite"></p>
  <div class="diag-slot" id="generate-diag"></div>
</section>

<section class="card output" id="output" aria-labelledby="output-title" hidden>
  <h2 id="output-title">Your files</h2>
  <p class="result-status" id="result-status" role="status" aria-live="polite"></p>
  <p class="note warn" id="result-stale" hidden>The settings changed after these files were made. Generate again to bring them up to date.</p>
  <div class="diag-slot" id="result-diags"></div>
  <div class="downloads" id="downloads">
    <button type="button" class="primary" id="dl-all" data-file="*">Download all files (.zip)</button>
    <button type="button" class="secondary" id="dl-values" data-file="values.yaml">Download values.yaml</button>
    <button type="button" class="secondary" id="dl-secrets" data-file="secrets.yaml">Download secrets.yaml</button>
    <button type="button" class="secondary" id="dl-cert-manager" data-file="cert-manager.yaml">Download cert-manager.yaml</button>
    <button type="button" class="secondary" id="dl-ca-crt" data-file="ca.crt">Download ca.crt</button>
    <button type="button" class="secondary" id="dl-ca-key" data-file="ca.key">Download ca.key</button>
    <button type="button" class="secondary" id="dl-apply" data-file="APPLY.md">Download APPLY.md</button>
  </div>
  <div class="note danger" id="key-note">
    <p><strong><code>ca.key</code> is the file to keep offline and safe.</strong> Anyone holding it can impersonate every service. You need it only to renew or add certificates: store it in a password manager or offline vault, not in the cluster or in Git.</p>
    <p><code>secrets.yaml</code> holds every service's private key: apply it with <code>kubectl apply -n <span class="ns-name">NAMESPACE</span> -f secrets.yaml</code>, then delete it.</p>
  </div>
  <div class="preview-head">
    <h3 id="secrets-preview-title">secrets.yaml</h3>
    <button type="button" class="secondary small" id="copy-secrets" aria-describedby="secrets-preview-title">Copy Secrets</button>
  </div>
  <pre class="preview" id="secrets-preview" tabindex="0" aria-labelledby="secrets-preview-title"></pre>
  <h3>Next steps</h3>
  <pre class="preview small-preview" id="apply-preview" tabindex="0" aria-label="APPLY.md"></pre>
  <div id="merge-diff-block" hidden>
    <h3 id="merge-diff-title">What changed in your values.yaml</h3>
    <pre class="preview diff" id="merge-diff" tabindex="0" aria-labelledby="merge-diff-title"></pre>
  </div>
</section>

<section class="card renew" id="renew-section" aria-labelledby="renew-title">
  <h2 id="renew-title">Renew an existing bundle</h2>
  <p class="section-help" id="renew-help">Re-issues every certificate of a bundle made before, with the same Secret names and DNS names and a new validity, signed by the same CA. Everything stays in this tab.</p>
  <div class="grid-2">
    <div class="field">
      <label for="renew-ca-cert">ca.crt</label>
      <textarea id="renew-ca-cert" class="pem" rows="4" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="-----BEGIN CERTIFICATE-----" aria-describedby="renew-ca-cert-diag"></textarea>
      <div class="diag-slot" id="renew-ca-cert-diag"></div>
    </div>
    <div class="field">
      <label for="renew-ca-key">ca.key</label>
      <textarea id="renew-ca-key" class="pem" rows="4" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="-----BEGIN PRIVATE KEY-----" aria-describedby="renew-ca-key-diag"></textarea>
      <div class="diag-slot" id="renew-ca-key-diag"></div>
    </div>
  </div>
  <div class="field">
    <label for="renew-secrets">Current secrets.yaml</label>
    <textarea id="renew-secrets" class="pem" rows="4" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="apiVersion: v1&#10;kind: Secret" aria-describedby="renew-secrets-diag"></textarea>
    <div class="diag-slot" id="renew-secrets-diag"></div>
  </div>
  <div class="actions">
    <button type="button" class="secondary small" id="renew-open">Open files…</button>
    <input type="file" id="renew-files" accept=".crt,.key,.pem,.yaml,.yml,.zip" multiple hidden>
    <p class="help">Pick <code>ca.crt</code>, <code>ca.key</code> and <code>secrets.yaml</code> together, or the bundle's <code>.zip</code> from Download all files; each goes to its box.</p>
  </div>
  <div class="field renew-days">
    <label for="renew-days">New validity (days)</label>
    <input id="renew-days" type="number" inputmode="numeric" min="1" step="1" value="365" aria-describedby="renew-days-diag">
    <div class="diag-slot" id="renew-days-diag"></div>
  </div>
  <div class="actions">
    <button type="button" class="primary" id="renew">Renew</button>
  </div>
  <p class="progress-text" id="renew-status" role="status" aria-live="polite"></p>
  <div class="diag-slot" id="renew-diag"></div>
  <div id="renew-result" hidden>
    <div class="table-wrap">
      <table class="services-table renew-table" id="renew-table">
        <caption id="renew-caption">What changed</caption>
        <thead>
          <tr><th scope="col">Secret</th><th scope="col">Services</th><th scope="col">Serial (old → new)</th><th scope="col">Expires (old → new)</th><th scope="col">Names</th></tr>
        </thead>
        <tbody id="renew-body"></tbody>
      </table>
    </div>
    <ul class="renew-notes" id="renew-notes"></ul>
    <div class="downloads">
      <button type="button" class="primary" id="renew-dl-all">Download renewed files (.zip)</button>
      <button type="button" class="secondary" id="renew-dl-secrets">Download renewed secrets.yaml</button>
      <button type="button" class="secondary" id="renew-dl-ics">Download reminders (.ics)</button>
    </div>
    <h3 id="renew-restart-title">Restart the workloads</h3>
    <p class="help">After <code>kubectl apply -f secrets.yaml</code>, these make the pods read the new certificates.</p>
    <pre class="preview small-preview" id="renew-restart" tabindex="0" aria-labelledby="renew-restart-title"></pre>
  </div>
</section>

<section class="card audit" id="audit-section" aria-labelledby="audit-title" aria-busy="false">
  <h2 id="audit-title">Check an existing install</h2>
  <p class="section-help">Paste or choose the release's values.yaml and its Secrets (<code>kubectl get secret -n NAMESPACE -o yaml</code>) to see, per service, whether the chart will find a usable certificate. Checked in this tab; nothing is uploaded or kept.</p>
  <div class="grid-2">
    <div class="field">
      <label for="audit-release">Installed release name</label>
      <input id="audit-release" type="text" spellcheck="false" autocapitalize="off" aria-describedby="audit-release-help">
      <p class="help" id="audit-release-help">Empty: the release name above.</p>
    </div>
    <div class="field">
      <label for="audit-namespace">Installed namespace</label>
      <input id="audit-namespace" type="text" spellcheck="false" autocapitalize="off" aria-describedby="audit-namespace-help">
      <p class="help" id="audit-namespace-help">Empty: the namespace above.</p>
    </div>
    <div class="field">
      <label for="audit-name-override">Installed name override</label>
      <input id="audit-name-override" type="text" spellcheck="false" autocapitalize="off">
    </div>
    <div class="check">
      <input id="audit-keycloak-cluster" type="checkbox" aria-describedby="audit-keycloak-cluster-help">
      <label for="audit-keycloak-cluster">Its Keycloak does not run in cluster mode</label>
      <p class="help" id="audit-keycloak-cluster-help">Leave it unticked to read <code>deployments.keycloak.clusterMode</code> from the values, else the chart's default (on).</p>
    </div>
  </div>
  <div class="grid-2">
    <div class="field">
      <label for="audit-values">values.yaml</label>
      <div class="drop-zone"><textarea id="audit-values" class="pem" rows="6" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="audit-values-help"></textarea></div>
      <p class="help file-row" id="audit-values-help"><input type="file" id="audit-values-file" class="visually-hidden" accept=".yaml,.yml,.txt"><label for="audit-values-file" class="file-button">Choose file…</label> Or drop it on the box.</p>
    </div>
    <div class="field">
      <label for="audit-secrets">Secrets</label>
      <div class="drop-zone"><textarea id="audit-secrets" class="pem" rows="6" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="audit-secrets-help"></textarea></div>
      <p class="help file-row" id="audit-secrets-help"><input type="file" id="audit-secrets-file" class="visually-hidden" multiple accept=".yaml,.yml,.json,.txt"><label for="audit-secrets-file" class="file-button">Choose files…</label> Secret manifests or <code>kubectl</code> output (a List); several files are read one after another.</p>
    </div>
  </div>
  <p class="settings-message" id="audit-message" role="status"></p>
  <p class="audit-status" id="audit-status" role="status" aria-live="polite">Paste or choose a values.yaml and the Secrets to see the audit.</p>
  <div class="diag-list" id="audit-findings"></div>
  <ul class="audit-cas" id="audit-cas" aria-label="CA certificates and when they expire" hidden></ul>
  <div class="table-wrap">
    <table class="services-table audit-table" id="audit-table" hidden>
      <caption>The audit, one row a service</caption>
      <thead>
        <tr><th scope="col">Component</th><th scope="col">Service and Secret</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Findings</th></tr>
      </thead>
      <tbody id="audit-body"></tbody>
    </table>
  </div>
  <div class="actions" id="audit-ics-row" hidden>
    <button type="button" class="secondary" id="audit-ics" aria-describedby="audit-ics-help">Download expiry reminders (.ics)</button>
  </div>
  <p class="help" id="audit-ics-help" hidden>One calendar event per certificate and CA on the day it expires, with reminders 30 and 7 days before.</p>
</section>
</div>
`;
