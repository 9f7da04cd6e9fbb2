// The markup of a wizard's settings form (the <form> of TEMPLATE, in
// template.js): the release, the way certificates are made, the main
// certificate and trust, and each component's Secret.

export const FORM = `<form id="wizard" novalidate autocomplete="off">
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
</form>`;
