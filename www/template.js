// The markup of one <internal-tls-wizard>, put into its shadow root. Every id
// is local to that shadow root, so several wizards on a page never collide.
// No inline styles or scripts (the pages' Content-Security-Policy forbids
// them): the look is in wizard.css, the behaviour in app.js.

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

<form id="wizard" novalidate autocomplete="off">
  <section class="card" aria-labelledby="release-title">
    <h2 id="release-title">Your release</h2>
    <p class="section-help">The names your Helm release gives its Services decide which DNS names each certificate must carry.</p>
    <div class="diag-slot" id="general-diag"></div>
    <div class="grid-2">
      <div class="field">
        <label for="release-name">Release name</label>
        <input id="release-name" name="release-name" type="text" spellcheck="false" autocapitalize="off" aria-describedby="release-name-help release-name-diag">
        <p class="help" id="release-name-help">As in <code>helm install NAME</code>: lowercase letters, digits and dashes.</p>
        <div class="diag-slot" id="release-name-diag"></div>
      </div>
      <div class="field">
        <label for="namespace">Namespace</label>
        <input id="namespace" name="namespace" type="text" spellcheck="false" autocapitalize="off" aria-describedby="namespace-help namespace-diag">
        <p class="help" id="namespace-help">Where the release runs; the Secrets must be created there too.</p>
        <div class="diag-slot" id="namespace-diag"></div>
      </div>
      <div class="field">
        <label for="name-override">Name override</label>
        <input id="name-override" name="name-override" type="text" spellcheck="false" autocapitalize="off" aria-describedby="name-override-help name-override-diag">
        <p class="help" id="name-override-help">The chart's <code>general.nameOverride</code>; leave empty if you do not set it.</p>
        <div class="diag-slot" id="name-override-diag"></div>
      </div>
      <div class="field">
        <label for="cluster-domain">Cluster domain</label>
        <input id="cluster-domain" name="cluster-domain" type="text" spellcheck="false" autocapitalize="off" aria-describedby="cluster-domain-help cluster-domain-diag">
        <p class="help" id="cluster-domain-help">The cluster's DNS suffix, almost always <code>cluster.local</code>.</p>
        <div class="diag-slot" id="cluster-domain-diag"></div>
      </div>
    </div>

    <fieldset class="group">
      <legend>Components in this release</legend>
      <div class="check">
        <input id="keycloak-cluster" type="checkbox" aria-describedby="keycloak-cluster-help keycloak-cluster-diag">
        <label for="keycloak-cluster">Keycloak cluster mode</label>
        <p class="help" id="keycloak-cluster-help"><code>deployments.keycloak.clusterMode</code>: Keycloak pods talk to each other over mutual TLS.</p>
        <div class="diag-slot" id="keycloak-cluster-diag"></div>
      </div>
      <div class="check">
        <input id="redis-external" type="checkbox" aria-describedby="redis-external-help redis-external-diag">
        <label for="redis-external">External Redis</label>
        <p class="help" id="redis-external-help"><code>deployments.redis.external.enabled</code>: Redis runs outside the cluster, so it needs no certificate here.</p>
        <div class="diag-slot" id="redis-external-diag"></div>
      </div>
      <div class="check">
        <input id="rabbitmq-in-cluster" type="checkbox" aria-describedby="rabbitmq-in-cluster-help rabbitmq-in-cluster-diag">
        <label for="rabbitmq-in-cluster">RabbitMQ in the cluster</label>
        <p class="help" id="rabbitmq-in-cluster-help"><code>general.mq.enabled</code> and <code>general.mq.local</code> are both true.</p>
        <div class="diag-slot" id="rabbitmq-in-cluster-diag"></div>
      </div>
      <div class="check">
        <input id="data-streamer" type="checkbox" aria-describedby="data-streamer-help data-streamer-diag">
        <label for="data-streamer">Data streamer enabled</label>
        <p class="help" id="data-streamer-help"><code>general.data_streamer.enabled</code>; a certificate for it costs nothing if it stays off.</p>
        <div class="diag-slot" id="data-streamer-diag"></div>
      </div>
    </fieldset>

    <div class="field">
      <label for="extra-sans">Extra SANs</label>
      <textarea id="extra-sans" rows="3" spellcheck="false" autocapitalize="off" aria-describedby="extra-sans-help extra-sans-diag"></textarea>
      <p class="help" id="extra-sans-help">More DNS names or IP addresses for every certificate, one per line; usually none.</p>
      <div class="diag-slot" id="extra-sans-diag"></div>
    </div>
  </section>

  <section class="card values-file" id="values-file-section" aria-labelledby="values-file-title">
    <h2 id="values-file-title">Your values.yaml (optional)</h2>
    <p class="section-help" id="values-file-help">Give your whole values file: the release settings above are read from it, and the values.yaml you download is your file with only <code>general.internal_tls</code> changed. It stays in this tab.</p>
    <div class="field">
      <label for="values-file-text">values.yaml to merge into</label>
      <textarea id="values-file-text" class="pem" rows="5" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="general:&#10;  nameOverride: …" aria-describedby="values-file-help values-file-diag"></textarea>
      <div class="actions">
        <button type="button" class="secondary small" id="values-file-open">Open a file…</button>
        <button type="button" class="secondary small" id="values-file-clear">Clear</button>
        <input type="file" id="values-file-input" accept=".yaml,.yml,text/yaml,text/plain" hidden>
      </div>
      <div class="values-diag" id="values-file-diag"></div>
      <div class="values-read" id="values-file-read" role="status"></div>
    </div>
  </section>

  <section class="card" aria-labelledby="tls-title">
    <h2 id="tls-title">Internal TLS</h2>
    <div class="check">
      <input id="enabled" type="checkbox" aria-describedby="enabled-help enabled-diag">
      <label for="enabled">Enable internal TLS</label>
      <p class="help" id="enabled-help"><code>enabled</code>: encrypt the traffic between the chart's pods (the chart's default is off).</p>
      <div class="diag-slot" id="enabled-diag"></div>
    </div>

    <fieldset class="group" id="source-group" aria-describedby="source-group-help source-group-diag">
      <legend>Where the certificates come from</legend>
      <p class="help" id="source-group-help">Sets <code>certificates.source</code>; the first choice is right for most installations.</p>
      <div class="choice">
        <input type="radio" name="source" id="source-create" value="create" aria-describedby="source-create-help">
        <label for="source-create">Create them here</label>
        <p class="help" id="source-create-help">A CA and a certificate per service, made in this browser; you apply them as Secrets.</p>
      </div>
      <div class="choice">
        <input type="radio" name="source" id="source-chart" value="chart" aria-describedby="source-chart-help">
        <label for="source-chart">Let the chart generate them</label>
        <p class="help" id="source-chart-help"><code>generate_self_signed_certificates</code>: values only; needs verification off; not for production.</p>
      </div>
      <div class="choice">
        <input type="radio" name="source" id="source-byo" value="byo" aria-describedby="source-byo-help">
        <label for="source-byo">Bring your own per service</label>
        <p class="help" id="source-byo-help">Certificates you already have, one Secret per service.</p>
      </div>
      <div class="choice">
        <input type="radio" name="source" id="source-cert-manager" value="cert-manager" aria-describedby="source-cert-manager-help">
        <label for="source-cert-manager">Let cert-manager make them</label>
        <p class="help" id="source-cert-manager-help">Issuers and a <code>Certificate</code> per service for cert-manager in your cluster, which makes the keys there and renews them; no key is made here.</p>
      </div>
      <div class="diag-slot" id="source-group-diag"></div>
    </fieldset>

    <div class="subsection" id="cert-manager-options">
      <fieldset class="group" id="cm-issuer-group" aria-describedby="cm-issuer-group-help cm-issuer-group-diag">
        <legend>Which CA cert-manager signs with</legend>
        <p class="help" id="cm-issuer-group-help">The CA Issuer that signs every service's <code>Certificate</code>.</p>
        <div class="choice">
          <input type="radio" name="cm-issuer" id="cm-issuer-self-signed" value="self-signed" aria-describedby="cm-issuer-self-signed-help">
          <label for="cm-issuer-self-signed">cert-manager makes a new CA</label>
          <p class="help" id="cm-issuer-self-signed-help">A self-signed Issuer signs a CA <code>Certificate</code> in the cluster; its key never leaves it.</p>
        </div>
        <div class="choice">
          <input type="radio" name="cm-issuer" id="cm-issuer-ca-secret" value="ca-secret" aria-describedby="cm-issuer-ca-secret-help">
          <label for="cm-issuer-ca-secret">Sign with an existing CA Secret</label>
          <p class="help" id="cm-issuer-ca-secret-help">A Secret in the release's namespace with your CA's <code>tls.crt</code> and <code>tls.key</code>.</p>
        </div>
        <div class="diag-slot" id="cm-issuer-group-diag"></div>
      </fieldset>
      <div class="grid-2">
        <div class="field" id="cm-ca-secret-field">
          <label for="cm-ca-secret">Your CA's Secret</label>
          <input id="cm-ca-secret" type="text" spellcheck="false" autocapitalize="off" aria-describedby="cm-ca-secret-help cm-ca-secret-diag">
          <p class="help" id="cm-ca-secret-help"><code>kubectl create secret tls NAME --cert=ca.crt --key=ca.key</code> makes it.</p>
          <div class="diag-slot" id="cm-ca-secret-diag"></div>
        </div>
        <div class="field">
          <label for="renew-before">Renew before (days)</label>
          <input id="renew-before" type="number" inputmode="numeric" min="1" step="1" aria-describedby="renew-before-help renew-before-diag">
          <p class="help" id="renew-before-help"><code>renewBefore</code>: empty gives a third of the validity, at most 30 days.</p>
          <div class="diag-slot" id="renew-before-diag"></div>
        </div>
      </div>
    </div>

    <div class="subsection" id="create-options">
      <fieldset class="group" id="ca-group" aria-describedby="ca-group-help ca-group-diag">
        <legend>Certificate authority</legend>
        <p class="help" id="ca-group-help">Which CA signs the certificates made here.</p>
        <div class="choice">
          <input type="radio" name="ca" id="ca-new" value="new" aria-describedby="ca-new-help">
          <label for="ca-new">A new CA, made here</label>
          <p class="help" id="ca-new-help">You download its key once and keep it offline.</p>
        </div>
        <div class="choice">
          <input type="radio" name="ca" id="ca-provided" value="provided" aria-describedby="ca-provided-help">
          <label for="ca-provided">My own CA</label>
          <p class="help" id="ca-provided-help">Paste your CA's certificate and key; they stay in this tab and are never saved.</p>
        </div>
        <div class="diag-slot" id="ca-group-diag"></div>
      </fieldset>

      <div class="subsection" id="new-ca-options">
        <div class="grid-2">
          <div class="field">
            <label for="ca-common-name">CA common name</label>
            <input id="ca-common-name" type="text" spellcheck="false" aria-describedby="ca-common-name-help ca-common-name-diag">
            <p class="help" id="ca-common-name-help">The name the CA certificate shows; empty gives <span id="ca-common-name-default">RELEASE-internal-tls-ca</span>.</p>
            <div class="diag-slot" id="ca-common-name-diag"></div>
          </div>
          <div class="field">
            <label for="ca-days">CA validity (days)</label>
            <input id="ca-days" type="number" inputmode="numeric" min="1" step="1" aria-describedby="ca-days-help ca-days-diag">
            <p class="help" id="ca-days-help">How long the new CA is valid; 3650 is ten years.</p>
            <div class="diag-slot" id="ca-days-diag"></div>
          </div>
        </div>
      </div>

      <div class="subsection" id="own-ca-options">
        <div class="field">
          <label for="ca-cert">CA certificate (PEM)</label>
          <textarea id="ca-cert" class="pem" rows="5" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="-----BEGIN CERTIFICATE-----" aria-describedby="ca-cert-help ca-cert-diag"></textarea>
          <p class="help" id="ca-cert-help">The CA that will sign every service certificate; a bundle may follow it.</p>
          <div class="diag-slot" id="ca-cert-diag"></div>
        </div>
        <div class="field">
          <label for="ca-key">CA private key (PEM)</label>
          <textarea id="ca-key" class="pem" rows="5" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="-----BEGIN PRIVATE KEY-----" aria-describedby="ca-key-help ca-key-diag"></textarea>
          <p class="help" id="ca-key-help">Used only in this tab to sign; never saved, never sent, gone when you close it.</p>
          <div class="diag-slot" id="ca-key-diag"></div>
        </div>
        <p class="ca-status" id="ca-status" role="status"></p>
      </div>

      <div class="field" id="trusted-cas-field">
        <label for="trusted-cas">Additional trusted CAs (PEM)</label>
        <textarea id="trusted-cas" class="pem" rows="4" spellcheck="false" autocapitalize="off" autocomplete="off" placeholder="-----BEGIN CERTIFICATE-----" aria-describedby="trusted-cas-help trusted-cas-diag"></textarea>
        <p class="help" id="trusted-cas-help"><code>certificates.additional_trusted_cas</code>: more CA certificates for <code>ca.crt</code>, one PEM block after another; for instance the issuer of the chart's main certificate, which the router checks with verification on. Certificates only, never a key.</p>
        <div class="diag-slot" id="trusted-cas-diag"></div>
      </div>

      <div class="grid-2">
        <div class="field">
          <label for="key-algorithm">Key algorithm</label>
          <select id="key-algorithm" aria-describedby="key-algorithm-help key-algorithm-diag"></select>
          <p class="help" id="key-algorithm-help">For the CA and every service key; ECDSA P-256 is fast and widely supported.</p>
          <div class="diag-slot" id="key-algorithm-diag"></div>
        </div>
        <div class="field">
          <label for="days">Certificate validity (days)</label>
          <input id="days" type="number" inputmode="numeric" min="1" step="1" aria-describedby="days-help days-diag">
          <p class="help" id="days-help">How long each service certificate is valid; it never outlives the CA.</p>
          <div class="diag-slot" id="days-diag"></div>
        </div>
      </div>
      <div class="check">
        <input id="shared-certificate" type="checkbox" aria-describedby="shared-certificate-help shared-certificate-diag">
        <label for="shared-certificate">One shared certificate</label>
        <p class="help" id="shared-certificate-help">One certificate and Secret covering every service's names, instead of one each.</p>
        <div class="diag-slot" id="shared-certificate-diag"></div>
      </div>
    </div>

    <div class="subsection" id="byo-options">
      <p class="note" id="byo-note">Paste, choose or drop each service's certificate and key under Services and Secrets below; each is checked as soon as it is there. They stay in this tab: never saved, never sent.</p>
      <div id="byo-ca-slot"></div>
      <div class="byo-inspection" id="byo-ca-inspection"></div>
    </div>

    <div class="check">
      <input id="verification" type="checkbox" aria-describedby="verification-help verification-diag">
      <label for="verification">Verify certificates</label>
      <p class="help" id="verification-help"><code>certificates.verification</code>: services check each other's certificates against the CA.</p>
      <div class="diag-slot" id="verification-diag"></div>
    </div>

    <div class="field">
      <label for="ca-secret-name">CA Secret name</label>
      <input id="ca-secret-name" type="text" spellcheck="false" autocapitalize="off" aria-describedby="ca-secret-name-help ca-secret-name-diag">
      <p class="help" id="ca-secret-name-help"><code>existing_ca_secret_name</code>: the Secret whose <code>ca.crt</code> the services trust.</p>
      <div class="diag-slot" id="ca-secret-name-diag"></div>
    </div>
  </section>

  <section class="card" id="main-section" aria-labelledby="main-title">
    <h2 id="main-title">Main certificate and trust</h2>
    <p class="section-help" id="main-help">With verification on, the router checks the backend's certificate (the chart's main certificate, which the Ingress also serves to browsers, IDE plugins and agents) for the name <code id="main-backend-name">lightrun-backend</code> against <code>ca.crt</code>. A public certificate can never carry that name.</p>
    <div class="field">
      <label for="lightrun-endpoint">Public host name</label>
      <input id="lightrun-endpoint" type="text" spellcheck="false" autocapitalize="off" aria-describedby="lightrun-endpoint-help lightrun-endpoint-diag">
      <p class="help" id="lightrun-endpoint-help"><code>general.lightrun_endpoint</code>: the name users and agents reach the server by; the main certificate carries it.</p>
      <div class="diag-slot" id="lightrun-endpoint-diag"></div>
    </div>
    <fieldset class="group" id="main-choice-group" aria-describedby="main-choice-group-diag">
      <legend>The main certificate</legend>
      <div class="choice" id="main-choice-values-row" hidden>
        <input type="radio" name="main-choice" id="main-choice-values" value="values" aria-describedby="main-choice-values-help">
        <label for="main-choice-values">Keep the one in my values file</label>
        <p class="help" id="main-choice-values-help">Your values file holds it (<code>certificate.tls.crt</code>): it is checked for the backend's name and a chain to <code>ca.crt</code>, and kept as it is.</p>
      </div>
      <div class="choice">
        <input type="radio" name="main-choice" id="main-choice-issue" value="issue" aria-describedby="main-choice-issue-help">
        <label for="main-choice-issue">Issue it here</label>
        <p class="help" id="main-choice-issue-help">From the CA that signs the rest, for the public host name and the backend's names; written as a Secret that <code>certificate.existing_cert</code> names. Browsers, IDE plugins and agents must then trust that CA: right with a corporate CA every client already trusts, and with a new CA only where you can give it to every client.</p>
      </div>
      <div class="choice">
        <input type="radio" name="main-choice" id="main-choice-bring-your-own" value="bring-your-own" aria-describedby="main-choice-bring-your-own-help">
        <label for="main-choice-bring-your-own">Bring my own</label>
        <p class="help" id="main-choice-bring-your-own-help">Paste it below: it must carry the backend's name and chain to <code>ca.crt</code> (add its issuer as an additional trusted CA); it is checked before anything is written.</p>
      </div>
      <div class="choice">
        <input type="radio" name="main-choice" id="main-choice-verification-off" value="verification-off" aria-describedby="main-choice-verification-off-help">
        <label for="main-choice-verification-off">Turn verification off</label>
        <p class="help" id="main-choice-verification-off-help">Writes <code>verification: false</code>: traffic stays encrypted, but the backend, the crons, RabbitMQ and the router no longer check their peers' certificates.</p>
      </div>
      <div class="diag-slot" id="main-choice-group-diag"></div>
    </fieldset>
    <div class="subsection" id="main-byo" hidden>
      <div class="field">
        <label for="main-cert">Main certificate (PEM, then any intermediates)</label>
        <textarea id="main-cert" rows="4" spellcheck="false" aria-describedby="main-cert-help main-cert-diag"></textarea>
        <p class="help" id="main-cert-help">Stays in this tab: never saved, never sent.</p>
        <div class="diag-slot" id="main-cert-diag"></div>
      </div>
      <div class="field">
        <label for="main-key">Its private key (PEM)</label>
        <textarea id="main-key" rows="4" spellcheck="false" aria-describedby="main-key-help main-key-diag"></textarea>
        <p class="help" id="main-key-help">Written only into its Secret in <code>secrets.yaml</code>.</p>
        <div class="diag-slot" id="main-key-diag"></div>
      </div>
    </div>
    <p class="trust-summary" id="trust-summary" role="status" aria-live="polite"></p>
  </section>

  <section class="card services-card" aria-labelledby="services-title">
    <h2 id="services-title">Services and Secrets</h2>
    <p class="section-help">Each component mounts one Secret. Leave a name empty to use the default shown in it.</p>
    <div class="services" id="service-fields"></div>
    <div class="table-wrap">
      <table class="services-table" id="services-table">
        <caption>What each certificate must cover, derived from the settings above</caption>
        <thead>
          <tr><th scope="col">Component</th><th scope="col">Service</th><th scope="col">DNS names</th><th scope="col">Secret</th></tr>
        </thead>
        <tbody id="services-body"></tbody>
      </table>
    </div>
  </section>
</form>

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
