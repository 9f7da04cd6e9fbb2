#!/usr/bin/env bash
# Writes the seed corpora under tests/fuzz/corpus/: real keys of every kind the
# wizard reads (PKCS#8, PKCS#1, SEC1, encrypted, unsupported curves), real CA
# chains made with openssl, settings documents and values.yaml fragments.
# The committed seeds were made by this script; run it again only to replace
# them (keys and certificates come out different each time).
#
#   bash make-seeds.sh                # every target's seeds
#   bash make-seeds.sh --import-only  # only the import_* targets' seeds
#   bash make-seeds.sh --daytwo-only  # only values_merge's and renew_secrets'
set -euo pipefail
cd "$(dirname "$0")"
C=corpus

# The import module's targets start from its own test corpus (tests/corpus,
# made by tests/corpus/make.sh) plus some of the seeds below.
import_seeds() {
  local K=../corpus pass wrong
  rm -rf "$C"/import_*
  mkdir -p "$C"/{import_key,import_manifests,import_chain,import_check}
  pass=$(cat "$K/passphrase.txt"); wrong=$(cat "$K/wrong-passphrase.txt")
  for f in "$K"/*.key; do cp "$f" "$C/import_key/"; done
  for f in redis-pbkdf2 redis-scrypt; do
    { cat "$K/$f.key"; printf '\0%s' "$pass"; } > "$C/import_key/$f-with-passphrase"
    { cat "$K/$f.key"; printf '\0%s' "$wrong"; } > "$C/import_key/$f-wrong-passphrase"
  done
  cp "$C"/key_pem/*-encrypted* "$C"/key_pem/*sec1* "$C"/key_pem/rsa2048-pkcs1.pem "$C/import_key/"
  for f in "$K"/*.yaml "$C"/values_yaml/*.yaml; do cp "$f" "$C/import_manifests/"; done
  for f in "$K"/*.crt "$K"/*.pem; do cp "$f" "$C/import_chain/"; done
  cp "$C"/certificate_chain/chain-*.pem "$C/import_chain/"
  check() { # name certificate key passphrase ca
    { cat "$K/$2"; printf '\0'; [ -n "$3" ] && cat "$K/$3"; printf '\0%s\0' "$4"; cat "$K/$5"; } > "$C/import_check/$1"
  }
  check frontend frontend.crt frontend.key "" ca.crt
  check frontend-chain frontend-chain.crt frontend.key "" ca.crt
  check frontend-root-first frontend-chain-root-first.crt frontend.key "" ca.crt
  check frontend-no-key frontend.crt "" "" ca.crt
  check frontend-wrong-key frontend.crt redis.key "" ca.crt
  check redis-encrypted-key redis.crt redis-pbkdf2.key "$pass" ca.crt
  check expired expired.crt expired.key "" ca.crt
  check missing-san missing-san.crt missing-san.key "" ca.crt
  check other-ca other-ca-leaf.crt other-ca-leaf.key "" ca.crt
  check sha1 sha1.crt sha1.key "" ca.crt
  check pss pss-chain.crt pss.key "" ca.crt
  check keycloak-cluster keycloak-cluster.crt keycloak-cluster.key "" ca.crt
}
# The day-2 targets. renew_secrets renews with the import corpus's root CA
# (tests/corpus/ca.crt, ca.key: the checks read them too), so its seeds are
# Secrets from that corpus: whole secrets.yaml and kubectl List files without
# the Secret its intermediate CA signed, and one Secret per leaf in stringData.
# values_merge gets whole values files in every shape the merge handles or
# refuses.
daytwo_seeds() {
  local K=../corpus R="$C/renew_secrets" M="$C/values_merge" t
  rm -rf "$R" "$M"
  mkdir -p "$R" "$M"
  t=$(mktemp -d)
  # Whole files, without the intermediate-signed frontend (renewal refuses a
  # file with a Secret another CA signed) and as they are.
  without_frontend_docs() { awk 'BEGIN{RS="\n---\n"; ORS=""} !/name: acme-frontend-tls/ {printf "%s%s", (n++ ? "\n---\n" : ""), $0}' "$1"; }
  without_frontend_docs "$K/secrets.yaml" > "$R/secrets.yaml"
  without_frontend_docs "$K/secrets-cluster.yaml" > "$R/secrets-cluster.yaml"
  printf '\n' >> "$R/secrets.yaml"; printf '\n' >> "$R/secrets-cluster.yaml"
  awk '/^- /{flush(); inside=1} /^[^ -]/{flush(); inside=0}
       {if (inside) buf = buf $0 "\n"; else print}
       function flush(){ if (buf !~ /name: acme-frontend-tls/) printf "%s", buf; buf="" }
       END{flush()}' "$K/kubectl-list.yaml" > "$R/kubectl-list.yaml"
  cp "$K/secrets.yaml" "$R/secrets-with-intermediate-signed.yaml"
  cp "$K/secrets-broken.yaml" "$K/secret-no-key.yaml" "$R/"
  # One Secret per leaf, PEM in stringData (what mutations can work on).
  indent() { sed 's/^/    /' "$1"; }
  one() { # file name ns crt [key] [ca]
    {
      printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n' "$2"
      if [ -n "$3" ]; then printf '  namespace: %s\n' "$3"; fi
      printf 'type: kubernetes.io/tls\nstringData:\n  tls.crt: |\n'; indent "$K/$4"
      if [ -n "${5:-}" ]; then printf '  tls.key: |\n'; indent "$K/$5"; fi
      if [ -n "${6:-}" ]; then printf '  ca.crt: |\n'; indent "$K/$6"; fi
    } > "$R/$1"
  }
  for leaf in artifacts client-only data-streamer expired keycloak keycloak-cluster keycloak-cluster-no-client missing-san mq not-yet-valid redis rsa1024 same-name-leaf wildcard; do
    one "$leaf" "acme-$leaf-tls" prod "$leaf.crt" "$leaf.key" ca.crt
  done
  one redis-no-namespace acme-redis-tls "" redis.crt redis.key
  one redis-other-ca-crt acme-redis-tls prod redis.crt redis.key other-ca.crt
  one other-ca-leaf acme-redis-tls prod other-ca-leaf.crt other-ca-leaf.key ca.crt
  one intermediate-signed acme-frontend-tls prod frontend-chain.crt frontend.key ca.crt
  # A leaf with IP addresses and names the wizard does not copy (URI, email).
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$t/ip.key" 2>/dev/null
  openssl req -new -key "$t/ip.key" -subj "/O=Corpus/CN=acme-mq" -out "$t/ip.csr"
  printf '[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:acme-mq,DNS:acme-mq.prod.svc,IP:10.0.0.7,IP:fd00::7,URI:spiffe://corpus/mq,email:mq@example.com\n' > "$t/ip.ext"
  openssl x509 -req -in "$t/ip.csr" -CA "$K/ca.crt" -CAkey "$K/ca.key" -CAcreateserial -CAserial "$t/ca.srl" \
    -days 3650 -sha256 -extfile "$t/ip.ext" -extensions ext -out "$t/ip.crt" 2>/dev/null
  cp "$K/ca.crt" "$t/"
  K="$t" one ip-and-uri-sans acme-mq-tls prod ip.crt ip.key ca.crt
  # Two Secrets, one of them the CA Secret, in a List with data as base64.
  {
    printf 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: acme-internal-ca, namespace: prod}\n  data:\n    ca.crt: %s\n' "$(base64 -w0 "$K/ca.crt")"
    printf -- '- kind: Secret\n  metadata: {name: acme-redis-tls, namespace: prod}\n  data: {tls.crt: %s, tls.key: %s}\n' "$(base64 -w0 "$K/redis.crt")" "$(base64 -w0 "$K/redis.key")"
  } > "$R/list-flow-style.yaml"
  rm -rf "$t"

  # values_merge: the chart-like files of the corpora, then every shape.
  cp "$K/values.yaml" "$K/values-cluster.yaml" "$M/"
  for f in "$C"/values_yaml/*.yaml; do cp "$f" "$M/fragment-$(basename "$f")"; done
  cat > "$M/user-values.yaml" <<'YAML'
# Production values for Lightrun
general:
  # the release's short name
  nameOverride: 'acme'
  mq:
    enabled: true
    local: true
  data_streamer:
    enabled: false
  internal_tls:   # managed by the wizard
    enabled: false
    certificates:
      source: generate_self_signed_certificates

  lightrun_endpoint: "lightrun.example.com"  # double-quoted on purpose
deployments:
  keycloak:
    clusterMode: true
  redis:
    external:
      enabled: true
YAML
  cat > "$M/four-spaces-internal-tls-first.yaml" <<'YAML'
general:
    internal_tls:
        enabled: false # old
        certificates:
            verification: true
    nameOverride: "acme"   # keep quotes
    # the message queue
    mq:
        enabled: true
        local: 'true'
deployments:
    keycloak: {clusterMode: true}
YAML
  cat > "$M/general-last-no-internal-tls.yaml" <<'YAML'
deployments:
  keycloak:
    clusterMode: false
    resources: {cpu: 2, memory: 4Gi}
  redis:
    external:
      enabled: false
general:
  lightrun_endpoint: lightrun.example.com
  mq:
    enabled: false
# trailing comment
YAML
  printf 'deployments:\n  keycloak:\n    clusterMode: true\n' > "$M/no-general.yaml"
  printf 'general:\n' > "$M/general-empty.yaml"
  printf 'general:\n  # nothing yet\n\nother: 1\n' > "$M/general-only-comments.yaml"
  printf 'general:\n  internal_tls: ~  # todo\n  x: 1\n' > "$M/internal-tls-null-with-comment.yaml"
  printf 'general:\n  internal_tls: null\n' > "$M/internal-tls-null-last.yaml"
  printf 'general:\n  a: 1\n  internal_tls:' > "$M/internal-tls-empty-no-line-end.yaml"
  printf 'general:\n  internal_tls:\n    enabled: true\n    # a comment inside\n    certificates:\n      source: existing_certificates\n  # a comment after\n  mq:\n    enabled: true\n' > "$M/internal-tls-middle-with-comments.yaml"
  printf 'a: 1\r\nb: 2' > "$M/crlf-no-general.yaml"
  printf 'general:\r\n  nameOverride: acme\r\n  internal_tls:\r\n    enabled: false\r\nz: 1\r\n' > "$M/crlf-replace.yaml"
  printf 'general:\n  a: 1\r\n  b: 2\n' > "$M/mixed-line-ends.yaml"
  printf '\xef\xbb\xbfgeneral:\n  nameOverride: bom\n' > "$M/byte-order-mark.yaml"
  printf 'general:\n\tinternal_tls: {}\n' > "$M/tab-indented.yaml"
  printf 'general:\n  a: "x\tb"\t# tab before a comment\n' > "$M/tab-inside-line.yaml"
  printf 'general: {}\n---\nother: 1\n' > "$M/two-documents.yaml"
  printf -- '---\ngeneral:\n  a: 1\n' > "$M/leading-document-marker.yaml"
  printf -- '--- # values\ngeneral:\n  a: 1\n...\n' > "$M/document-end-marker.yaml"
  printf '%%YAML 1.2\n---\ngeneral: {}\n' > "$M/yaml-directive.yaml"
  printf 'defaults: &d\n  enabled: false\ngeneral:\n  internal_tls: *d\n' > "$M/alias-as-internal-tls.yaml"
  printf 'base: &b {x: 1}\nother: *b\ngeneral:\n  a: 1\n' > "$M/anchors-outside-general.yaml"
  printf 'general:\n  mq: &mq\n    enabled: true\n  copy: *mq\n' > "$M/anchors-inside-general.yaml"
  printf 'general:\n  <<: {a: 1}\n  b: 2\n' > "$M/merge-key.yaml"
  printf 'general: {internal_tls: {enabled: true}}\n' > "$M/flow-general.yaml"
  printf 'general:\n  internal_tls: {enabled: true}\n' > "$M/flow-internal-tls.yaml"
  printf 'general:\n  internal_tls: yes\n' > "$M/internal-tls-scalar.yaml"
  printf 'general:\n  script: |\n    --- not a document\n    *not an alias\n    internal_tls: not a key\n  internal_tls:\n    enabled: false\n  after: >-\n    folded\n\n    text\n' > "$M/block-scalars.yaml"
  printf '"general":\n  '"'"'internal_tls'"'"':\n    enabled: false\n' > "$M/quoted-keys.yaml"
  printf 'general:   # the general block\n  a: 1\n' > "$M/general-with-comment.yaml"
  printf 'general:\n  a: 1\ngeneral:\n  b: 2\n' > "$M/general-twice.yaml"
  printf 'general:\n  internal_tls:\n    enabled: true\n  internal_tls:\n    enabled: false\n' > "$M/internal-tls-twice.yaml"
  printf -- '- a\n- b\n' > "$M/a-list.yaml"
  printf 'just a string\n' > "$M/a-scalar.yaml"
  printf '' > "$M/empty.yaml"
  printf '# only a comment\n' > "$M/only-comments.yaml"
  printf '? complex\n: key\ngeneral:\n  a: 1\n' > "$M/complex-key.yaml"
  printf 'general:\n  nested:\n    internal_tls:\n      enabled: true\n  list:\n    - internal_tls: 1\n    - b\n' > "$M/internal-tls-deeper.yaml"
  printf 'general:\n  a: [1,\n    2]\n  b: "multi\n    line"\n' > "$M/multi-line-flow-and-quotes.yaml"
  printf 'general:\n  a: 1\n  internal_tls:\n      enabled: false\n      certificates:\n          verification: false\n' > "$M/internal-tls-own-indentation.yaml"
  printf 'general: \n  a: 1 \n  internal_tls:   \n    enabled: false  \n' > "$M/trailing-spaces.yaml"
  printf 'general:\n  a: 1\n  internal_tls:\n    enabled: false\n# comment at column 0 inside\n    certificates: {}\nz: 2\n' > "$M/comment-at-column-zero.yaml"
}
if [ "${1:-}" = --daytwo-only ]; then
  daytwo_seeds
  echo "day-2 seeds written under $(pwd)/$C"
  exit 0
fi
if [ "${1:-}" = --import-only ]; then
  import_seeds
  echo "import seeds written under $(pwd)/$C"
  exit 0
fi
rm -rf "$C"
mkdir -p "$C"/{settings_document,key_pem,certificate_chain,ca_load,settings_to_bundle,values_yaml}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DAYS=7300 # 20 years: the seed CAs stay valid at the fuzz targets' fixed "now" (2027-01-01)

# ---- keys ---------------------------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/p256.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$T/p384.pem" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/rsa2048.pem" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$T/ed25519.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out "$T/k256.pem" 2>/dev/null
openssl genpkey -algorithm ED448 -out "$T/ed448.pem" 2>/dev/null
cp "$T/p256.pem" "$C/key_pem/p256-pkcs8.pem"
cp "$T/p384.pem" "$C/key_pem/p384-pkcs8.pem"
cp "$T/rsa2048.pem" "$C/key_pem/rsa2048-pkcs8.pem"
cp "$T/ed25519.pem" "$C/key_pem/ed25519-pkcs8.pem"
cp "$T/k256.pem" "$C/key_pem/secp256k1-pkcs8.pem"
cp "$T/ed448.pem" "$C/key_pem/ed448-pkcs8.pem"
openssl ec -in "$T/p256.pem" -out "$C/key_pem/p256-sec1.pem" 2>/dev/null
openssl ec -in "$T/p384.pem" -out "$C/key_pem/p384-sec1.pem" 2>/dev/null
openssl ec -in "$T/p256.pem" -param_enc explicit -out "$C/key_pem/p256-sec1-explicit-params.pem" 2>/dev/null
openssl rsa -in "$T/rsa2048.pem" -traditional -out "$C/key_pem/rsa2048-pkcs1.pem" 2>/dev/null
openssl pkcs8 -topk8 -in "$T/p256.pem" -passout pass:fuzz -v2 aes-256-cbc -out "$C/key_pem/p256-encrypted-pkcs8.pem" 2>/dev/null
openssl rsa -in "$T/rsa2048.pem" -aes256 -passout pass:fuzz -traditional -out "$C/key_pem/rsa2048-pkcs1-encrypted.pem" 2>/dev/null
# A key with text around it, and two keys in one paste.
{ echo "Bag Attributes: key for the CA"; cat "$T/p256.pem"; echo "trailing words"; } > "$C/key_pem/p256-with-text.pem"
cat "$T/p256.pem" "$T/p384.pem" > "$C/key_pem/two-keys.pem"
# A certificate given where a key is expected.
openssl req -x509 -new -key "$T/p256.pem" -subj "/CN=not a key" -days $DAYS -out "$C/key_pem/certificate-not-key.pem" 2>/dev/null

# ---- CAs and chains -----------------------------------------------------
ext() { printf '%s\n' "$@" > "$T/ext.cnf"; echo "$T/ext.cnf"; }
make_root() { # name key subject
  openssl req -x509 -new -key "$2" -subj "$3" -days $DAYS -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$T/$1.crt" 2>/dev/null
}
make_root root-p256 "$T/p256.pem" "/C=US/O=Acme Corp/OU=Platform/CN=Acme Root CA P-256"
make_root root-p384 "$T/p384.pem" "/CN=Acme Root CA P-384"
make_root root-rsa "$T/rsa2048.pem" "/O=Acme/CN=Acme Root CA RSA"
make_root root-ed25519 "$T/ed25519.pem" "/CN=Acme Root CA Ed25519"
# An intermediate signed by the P-256 root, with its own P-256 key.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/int.pem" 2>/dev/null
openssl req -new -key "$T/int.pem" -subj "/O=Acme Corp/CN=Acme Issuing CA 1" -out "$T/int.csr" 2>/dev/null
int_ext=$(ext "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid")
openssl x509 -req -in "$T/int.csr" -CA "$T/root-p256.crt" -CAkey "$T/p256.pem" -CAcreateserial \
  -days $DAYS -sha256 -extfile "$int_ext" -out "$T/int.crt" 2>/dev/null
# A server certificate signed by the intermediate.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/leaf.pem" 2>/dev/null
openssl req -new -key "$T/leaf.pem" -subj "/CN=acme-frontend" -out "$T/leaf.csr" 2>/dev/null
leaf_ext=$(ext "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth,clientAuth" \
  "subjectAltName=DNS:acme-frontend,DNS:acme-frontend.prod,DNS:acme-frontend.prod.svc,DNS:acme-frontend.prod.svc.cluster.local,IP:10.0.0.1,IP:::1")
openssl x509 -req -in "$T/leaf.csr" -CA "$T/int.crt" -CAkey "$T/int.pem" -CAcreateserial \
  -days 365 -sha256 -extfile "$leaf_ext" -out "$T/leaf.crt" 2>/dev/null
# A v1 certificate (no extensions at all) and a non-CA self-signed one.
openssl x509 -req -in "$T/leaf.csr" -signkey "$T/leaf.pem" -days $DAYS -out "$T/v1.crt" 2>/dev/null
# A CA whose subject has a multi-valued RDN and a BMPString.
openssl req -x509 -new -key "$T/p256.pem" -multivalue-rdn -subj "/O=Acme+OU=Ops/CN=Multi RDN CA" -days $DAYS \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out "$T/root-multi.crt" 2>/dev/null
openssl req -x509 -new -key "$T/p256.pem" -utf8 -subj "/CN=Ünïcödé Root CA/O=Acme" -days $DAYS \
  -addext "basicConstraints=critical,CA:TRUE" -out "$T/root-utf8.crt" 2>/dev/null
# CAs with chosen dates (openssl 3.0's req has no -not_before): self-signed
# with `openssl ca`. One expired long before the fixed "now", one valid until
# 9999-12-31 (GeneralizedTime), one not valid until 2090.
dated_root() { # name cn start end
  local d="$T/ca-$1"; mkdir -p "$d"; : > "$d/index.txt"; echo 01 > "$d/serial"
  printf '%s\n' "[ca]" "default_ca = d" "[d]" "database = $d/index.txt" "new_certs_dir = $d" \
    "serial = $d/serial" "default_md = sha256" "policy = p" "x509_extensions = e" "[p]" "commonName = supplied" \
    "[e]" "basicConstraints = critical,CA:TRUE" "keyUsage = critical,keyCertSign" > "$d/ca.cnf"
  openssl req -new -key "$T/p256.pem" -subj "/CN=$2" -out "$d/r.csr" 2>/dev/null
  openssl ca -batch -notext -config "$d/ca.cnf" -selfsign -keyfile "$T/p256.pem" -in "$d/r.csr" \
    -startdate "$3" -enddate "$4" -out "$T/$1.crt" >/dev/null 2>&1
}
dated_root root-expired "Old CA" 20000101000000Z 20010101000000Z
dated_root root-9999 "Forever CA" 20200101000000Z 99991231235959Z
dated_root root-future "Future CA" 20900101000000Z 20910101000000Z

CC="$C/certificate_chain"
for c in root-p256 root-p384 root-rsa root-ed25519 int leaf v1 root-multi root-utf8 root-expired root-9999 root-future; do
  [ -s "$T/$c.crt" ] && cp "$T/$c.crt" "$CC/$c.pem"
done
cat "$T/leaf.crt" "$T/int.crt" "$T/root-p256.crt" > "$CC/chain-leaf-int-root.pem"
cat "$T/int.crt" "$T/root-p256.crt" > "$CC/chain-int-root.pem"
{ echo "subject=CN = acme"; cat "$T/leaf.crt"; echo; cat "$T/p256.pem"; } > "$CC/cert-and-key.pem"
sed 's/BEGIN CERTIFICATE/BEGIN TRUSTED CERTIFICATE/;s/END CERTIFICATE/END TRUSTED CERTIFICATE/' "$T/root-p256.crt" > "$CC/trusted-certificate.pem"
sed 's/$/\r/' "$T/int.crt" > "$CC/crlf.pem"

# ca_load: certificate text, a NUL byte, key text.
CL="$C/ca_load"
pair() { { cat "$2"; printf '\0'; cat "$3"; } > "$CL/$1"; }
pair root-p256 "$T/root-p256.crt" "$T/p256.pem"
pair root-p256-sec1-key "$T/root-p256.crt" "$C/key_pem/p256-sec1.pem"
pair root-p384 "$T/root-p384.crt" "$T/p384.pem"
pair root-rsa-pkcs1-key "$T/root-rsa.crt" "$C/key_pem/rsa2048-pkcs1.pem"
pair root-ed25519 "$T/root-ed25519.crt" "$T/ed25519.pem"
cat "$T/int.crt" "$T/root-p256.crt" > "$T/int-chain.crt"
pair intermediate-chain "$T/int-chain.crt" "$T/int.pem"
pair intermediate-alone "$T/int.crt" "$T/int.pem"
pair root-multi-rdn "$T/root-multi.crt" "$T/p256.pem"
pair root-utf8 "$T/root-utf8.crt" "$T/p256.pem"
pair root-expired "$T/root-expired.crt" "$T/p256.pem"
pair root-9999 "$T/root-9999.crt" "$T/p256.pem"
pair root-future "$T/root-future.crt" "$T/p256.pem"
pair leaf-not-ca "$T/leaf.crt" "$T/leaf.pem"
pair wrong-key "$T/root-p256.crt" "$T/p384.pem"
pair encrypted-key "$T/root-p256.crt" "$C/key_pem/p256-encrypted-pkcs8.pem"

# ---- settings documents --------------------------------------------------
S="$C/settings_document"
cat > "$S/default.json" <<'JSON'
{
  "version": 1,
  "release": {
    "name": "lightrun",
    "namespace": "lightrun",
    "name_override": "",
    "cluster_domain": "cluster.local",
    "keycloak_cluster_mode": false,
    "redis_external": false,
    "rabbitmq_in_cluster": true,
    "data_streamer_enabled": true,
    "extra_sans": []
  },
  "internal_tls": {
    "enabled": true,
    "certificates": {
      "verification": true,
      "existing_ca_secret_name": "",
      "source": "existing_certificates",
      "existing_certificates": {
        "frontend": "",
        "keycloak": "",
        "keycloak_cluster": "",
        "redis": "",
        "rabbitmq": "",
        "data_streamer": "",
        "artifacts": ""
      }
    }
  },
  "certificates": {
    "provider": "create",
    "ca": "new",
    "ca_common_name": "",
    "key": "ecdsa-p256",
    "days": 3650,
    "ca_days": 3650,
    "shared_certificate": false
  }
}
JSON
cat > "$S/cluster-mode.yaml" <<'YAML'
version: 1
release:
  name: acme
  namespace: prod-tls
  name_override: lr
  cluster_domain: corp.example.
  keycloak_cluster_mode: true
  redis_external: true
  rabbitmq_in_cluster: false
  data_streamer_enabled: true
  extra_sans: ["lightrun.example.com", "10.1.2.3", "::1", "*.apps.example.com"]
internal_tls:
  enabled: true
  certificates:
    verification: true
    existing_ca_secret_name: acme-ca
    source: existing_certificates
    existing_certificates:
      frontend: acme-frontend-tls
      keycloak_cluster: acme-kc-cluster
certificates:
  key: ecdsa-p384
  ca_common_name: Acme Internal CA
  days: 400
  ca_days: 3650
YAML
cat > "$S/shared-ed25519.yaml" <<'YAML'
version: 1
release: {name: shop, namespace: default}
certificates: {key: ed25519, shared_certificate: true, days: 9000, ca_days: 100}
YAML
cat > "$S/self-signed.yaml" <<'YAML'
version: 1
internal_tls:
  enabled: true
  certificates:
    verification: false
    source: generate_self_signed_certificates
YAML
cat > "$S/disabled.json" <<'JSON'
{"version": 1, "internal_tls": {"enabled": false}}
JSON
cat > "$S/bring-your-own.yaml" <<'YAML'
version: 1
certificates: {provider: bring-your-own}
internal_tls: {enabled: true, certificates: {existing_certificates: {frontend: a, keycloak: b, redis: c, rabbitmq: d, data_streamer: e, artifacts: f}}}
YAML
cat > "$S/provided-ca.yaml" <<'YAML'
version: 1
certificates: {ca: provided, key: rsa-4096}
YAML
cat > "$S/bad-names.yaml" <<'YAML'
version: 1
release:
  name: "Acme_Prod: {x}"
  namespace: "team a"
  cluster_domain: "cluster local"
  extra_sans: ["under_score.example", "a.*.b", "300.1.1.1"]
internal_tls:
  certificates:
    existing_ca_secret_name: "-bad-"
    existing_certificates: {frontend: "a..b", redis: " spaced "}
YAML
printf 'version: 1\nrelease:\n  name: %s\n' "$(printf 'a%.0s' $(seq 1 300))" > "$S/long-release-name.yaml"
printf 'version: 1\nrelease:\n  name: %s\n' "$(printf 'a%.0s' $(seq 1 50))" > "$S/service-name-too-long.yaml"
printf 'version: 1\nrelease: {name: acme}\nunknown_field: true\n' > "$S/unknown-field.yaml"
printf '{"version": 1, "release": {"name": 42, "extra_sans": "x"}}\n' > "$S/wrong-types.json"
printf 'version: 1\ninternal_tls:\n  enabled: true\n  certificates:\n    existing_certificates: {frontend: same, keycloak: same}\n' > "$S/duplicate-secrets.yaml"
printf 'version: 2\n' > "$S/version-2.yaml"
cp "$S"/* "$C/settings_to_bundle/"

# ---- values.yaml fragments -----------------------------------------------
V="$C/values_yaml"
cat > "$V/chart-defaults.yaml" <<'YAML'
general:
  internal_tls:
    enabled: false
    certificates:
      verification: true
      existing_ca_secret_name: ""
      source: "existing_certificates"
      existing_certificates:
        frontend: ""
        keycloak: ""
        keycloak_cluster: ""
        redis: ""
        rabbitmq: ""
        data_streamer: ""
        artifacts: ""
YAML
cat > "$V/generated.yaml" <<'YAML'
general:
  internal_tls:
    enabled: true
    certificates:
      verification: true
      existing_ca_secret_name: lightrun-internal-ca
      source: existing_certificates
      existing_certificates:
        frontend: lightrun-frontend-tls
        keycloak: lightrun-keycloak-tls
        keycloak_cluster: ''
        redis: lightrun-redis-tls
        rabbitmq: lightrun-mq-tls
        data_streamer: lightrun-data-streamer-tls
        artifacts: lightrun-artifacts-tls
YAML
cat > "$V/self-signed.yaml" <<'YAML'
general:
  internal_tls:
    enabled: true
    certificates: {verification: false, source: generate_self_signed_certificates}
YAML
cat > "$V/anchors-and-tags.yaml" <<'YAML'
general:
  internal_tls:
    enabled: !!bool "true"
    certificates:
      existing_ca_secret_name: &ca "ca-secret"
      existing_certificates: {frontend: *ca, redis: "a\nb", keycloak: 'it''s', artifacts: "#x"}
YAML
printf 'general: {}\n' > "$V/empty-general.yaml"
printf '{"general": {"internal_tls": {"enabled": "yes"}}}\n' > "$V/json-wrong-type.yaml"
import_seeds
daytwo_seeds
echo "seeds written under $(pwd)/$C"
