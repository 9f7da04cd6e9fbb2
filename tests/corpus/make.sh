#!/usr/bin/env bash
# Regenerates the certificate corpus of tests/corpus with openssl. The outputs
# are committed: tests never run this. Certificates are valid for 100 years
# from the day they are made, except those whose dates are the point of the
# test; tests check at a fixed time (--at 2030-01-01T00:00:00Z).
#
# The release the corpus is for: release "acme", namespace "prod", so the
# Services are acme-frontend, acme-keycloak, acme-redis, … (see README.md, "What the wizard knows about the chart").
set -euo pipefail
cd "$(dirname "$0")"
rm -f ./*.crt ./*.key ./*.pem ./*.yaml ./*.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DAYS=36500
NS=prod

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

# names SVC: the four names a pod reaches Service SVC by.
names() { echo "DNS:$1,DNS:$1.$NS,DNS:$1.$NS.svc,DNS:$1.$NS.svc.cluster.local"; }

# ca NAME SUBJECT [KEYTYPE]: a self-signed root CA.
ca() {
  case "${3:-ec}" in
    ec) ec_key "$1" ;;
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
  esac
  openssl req -x509 -new -key "$1.key" -subj "$2" -days $DAYS -sha256 -out "$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash"
}

# ext FILE SANS EKU [CA]: an extension section "ext" for openssl x509 -extfile.
ext() {
  {
    echo "[ext]"
    if [ "${4:-}" = ca ]; then
      echo "basicConstraints=critical,CA:TRUE,pathlen:0"
      echo "keyUsage=critical,keyCertSign,cRLSign"
    else
      echo "basicConstraints=critical,CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      [ -n "$3" ] && echo "extendedKeyUsage=$3"
      [ -n "$2" ] && echo "subjectAltName=$2"
    fi
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
  } > "$1"
}

# sign NAME CA CN SANS [EKU] [extra x509 options…]: a certificate for NAME.key.
sign() {
  local name=$1 ca=$2 cn=$3 sans=$4 eku=${5-serverAuth,clientAuth}
  shift 5 || shift $#
  openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$WORK/$name.csr"
  ext "$WORK/$name.ext" "$sans" "$eku"
  openssl x509 -req -in "$WORK/$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial \
    -days $DAYS -sha256 -extfile "$WORK/$name.ext" -extensions ext -out "$name.crt" "$@" 2>/dev/null
}

# dated NAME CA CN SANS START END: a certificate with fixed dates (openssl ca).
dated() {
  mkdir -p "$WORK/db/new"
  : > "$WORK/db/index.txt"
  echo 1000 > "$WORK/db/serial"
  cat > "$WORK/ca.cnf" <<CNF
[ca]
default_ca = corpus
[corpus]
database = $WORK/db/index.txt
new_certs_dir = $WORK/db/new
serial = $WORK/db/serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
CNF
  openssl req -new -key "$1.key" -subj "/CN=$3" -out "$WORK/$1.csr"
  ext "$WORK/$1.ext" "$4" "serverAuth,clientAuth"
  openssl ca -batch -config "$WORK/ca.cnf" -cert "$2.crt" -keyfile "$2.key" -in "$WORK/$1.csr" \
    -out "$1.crt" -startdate "$5" -enddate "$6" -extfile "$WORK/$1.ext" -extensions ext -notext 2>/dev/null
}

# secret NAME KEY=FILE…: a kubernetes.io/tls (or Opaque) Secret manifest on stdout.
secret() {
  local name=$1 type=kubernetes.io/tls
  shift
  case " $* " in *" tls.crt="*) ;; *) type=Opaque ;; esac
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: %s\ndata:\n' "$name" "$NS" "$type"
  for pair in "$@"; do
    printf '  %s: %s\n' "${pair%%=*}" "$(base64 -w0 < "${pair#*=}")"
  done
}

# --- CAs -------------------------------------------------------------------
ca ca "/O=Corpus/CN=Corpus Root CA"
ca other-ca "/O=Elsewhere/CN=Other CA"
# Another CA with exactly the name of ca.crt, and its own key.
ca same-name-ca "/O=Corpus/CN=Corpus Root CA"
cat other-ca.crt ca.crt > bundle.crt

# An RSA intermediate CA under the root.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out inter.key 2>/dev/null
openssl req -new -key inter.key -subj "/O=Corpus/CN=Corpus Intermediate CA" -out "$WORK/inter.csr"
ext "$WORK/inter.ext" "" "" ca
openssl x509 -req -in "$WORK/inter.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days $DAYS -sha256 \
  -extfile "$WORK/inter.ext" -extensions ext -out inter.crt 2>/dev/null

# --- Good service certificates (release acme, namespace prod) --------------
for svc in keycloak redis mq data-streamer artifacts; do
  ec_key "$svc"
  sign "$svc" ca "acme-$svc" "$(names "acme-$svc")" serverAuth,clientAuth
done
# The chart's main certificate: the public host name and the backend's four
# names (the router checks the backend for acme-backend against ca.crt).
ec_key main
sign main ca lightrun.example.com "DNS:lightrun.example.com,$(names acme-backend)" serverAuth
# The frontend's comes from the intermediate: tls.crt holds leaf then intermediate.
ec_key frontend
sign frontend inter acme-frontend "$(names acme-frontend)" serverAuth
cat frontend.crt inter.crt > frontend-chain.crt
cat ca.crt inter.crt frontend.crt > frontend-chain-root-first.crt
# Keycloak's cluster: the headless Service, its pods (wildcards), mutual TLS.
ec_key keycloak-cluster
h=acme-keycloak-headless
sign keycloak-cluster ca "$h" "$(names $h),DNS:*.$h.$NS.svc,DNS:*.$h.$NS.svc.cluster.local" serverAuth,clientAuth
ec_key keycloak-cluster-no-client
sign keycloak-cluster-no-client ca "$h" "$(names $h),DNS:*.$h.$NS.svc,DNS:*.$h.$NS.svc.cluster.local" serverAuth

# A wildcard certificate: *.prod.svc covers acme-redis.prod.svc but not acme-redis.
ec_key wildcard
sign wildcard ca "*.prod.svc" "DNS:*.prod.svc,DNS:*.prod.svc.cluster.local" serverAuth

# --- Bad certificates --------------------------------------------------------
ec_key expired
dated expired ca acme-redis "$(names acme-redis)" 20200101000000Z 20210101000000Z
ec_key not-yet-valid
dated not-yet-valid ca acme-redis "$(names acme-redis)" 21000101000000Z 21250101000000Z
ec_key missing-san
sign missing-san ca acme-redis "DNS:acme-redis,DNS:acme-redis.$NS,DNS:acme-redis.$NS.svc" serverAuth
ec_key other-ca-leaf
sign other-ca-leaf other-ca acme-redis "$(names acme-redis)" serverAuth
ec_key same-name-leaf
sign same-name-leaf same-name-ca acme-redis "$(names acme-redis)" serverAuth
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.key 2>/dev/null
sign rsa1024 ca acme-redis "$(names acme-redis)" serverAuth
ec_key sha1
sign sha1 inter acme-redis "$(names acme-redis)" serverAuth -sha1
cat sha1.crt inter.crt > sha1-chain.crt
ec_key client-only
sign client-only ca acme-redis "$(names acme-redis)" clientAuth

# RSA keys: PKCS#1 (traditional) and a leaf signed by the RSA intermediate with RSA-PSS.
openssl genrsa -traditional -out rsa-pkcs1.key 2048 2>/dev/null
sign rsa-pkcs1 inter acme-artifacts "$(names acme-artifacts)" serverAuth
cat rsa-pkcs1.crt inter.crt > rsa-pkcs1-chain.crt
ec_key pss
sign pss inter acme-artifacts "$(names acme-artifacts)" serverAuth -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
cat pss.crt inter.crt > pss-chain.crt

# --- Key forms -----------------------------------------------------------------
openssl ec -in redis.key -out redis-sec1.key 2>/dev/null
printf 'corpus passphrase\n' > passphrase.txt
printf 'not the passphrase\n' > wrong-passphrase.txt
openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in redis.key -out redis-pbkdf2.key -passout pass:'corpus passphrase'
openssl pkcs8 -topk8 -scrypt -in redis.key -out redis-scrypt.key -passout pass:'corpus passphrase'
openssl rsa -in rsa-pkcs1.key -aes256 -passout pass:'corpus passphrase' -traditional -out rsa-legacy-encrypted.key 2>/dev/null

# CRLF and Bag Attributes: the certificate and key as `openssl pkcs12 -nodes` prints them.
openssl pkcs12 -export -in redis.crt -inkey redis.key -certfile ca.crt -name acme-redis \
  -passout pass:x -out "$WORK/redis.p12"
openssl pkcs12 -in "$WORK/redis.p12" -passin pass:x -nodes 2>/dev/null | sed 's/$/\r/' > redis-bag-crlf.pem

# --- Broken inputs ---------------------------------------------------------------
head -c 300 redis.crt > truncated.pem
printf -- '-----BEGIN CERTIFICATE-----\nThis is not base64 at all!!\n-----END CERTIFICATE-----\n' > garbage.pem
# Valid base64 of zero bytes: PEM armour fine, no certificate inside.
printf -- '-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n' "$(head -c 576 /dev/zero | tr '\0' 'A' | fold -w 64)" > not-der.pem
: > empty.pem

# --- Values and Secrets for `audit` -------------------------------------------------
cat > values.yaml <<'YAML'
# The release's values (only general.internal_tls matters to the audit; the
# other keys are there as in a full values.yaml and are ignored).
general:
  lightrun_endpoint: lightrun.example.com
  mq:
    enabled: true
    local: true
  data_streamer:
    enabled: false
  internal_tls:
    enabled: true
    certificates:
      verification: true
      existing_ca_secret_name: acme-internal-ca
      source: existing_certificates
      existing_certificates:
        frontend: acme-frontend-tls
        keycloak: acme-keycloak-tls
        keycloak_cluster: ""
        redis: acme-redis-tls
        rabbitmq: acme-mq-tls
        data_streamer: ""
        artifacts: acme-artifacts-tls
deployments:
  keycloak:
    clusterMode: false
certificate:
  existing_cert: acme-main-tls
secrets:
  customCa:
    existingCaSecret: acme-internal-ca
YAML
{
  secret acme-internal-ca ca.crt=ca.crt
  for svc in keycloak redis mq artifacts; do
    echo ---
    secret "acme-$svc-tls" tls.crt="$svc.crt" tls.key="$svc.key" ca.crt=ca.crt
  done
  echo ---
  secret acme-frontend-tls tls.crt=frontend-chain.crt tls.key=frontend.key ca.crt=ca.crt
  echo ---
  secret acme-main-tls tls.crt=main.crt tls.key=main.key
} > secrets.yaml

# The same Secrets as `kubectl get secret -o yaml` prints a List of them, with
# the server's metadata, and the CA Secret written with stringData.
{
  printf 'apiVersion: v1\nitems:\n'
  printf -- '- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: acme-internal-ca\n    namespace: prod\n  type: Opaque\n  stringData:\n    ca.crt: |\n'
  sed 's/^/      /' ca.crt
  for svc in keycloak redis mq artifacts frontend main; do
    crt=$svc.crt; [ $svc = frontend ] && crt=frontend-chain.crt
    printf -- '- apiVersion: v1\n  data:\n    ca.crt: %s\n    tls.crt: %s\n    tls.key: %s\n' \
      "$(base64 -w0 < ca.crt)" "$(base64 -w0 < $crt)" "$(base64 -w0 < $svc.key)"
    printf '  kind: Secret\n  metadata:\n    creationTimestamp: "2026-01-01T00:00:00Z"\n    name: acme-%s-tls\n    namespace: prod\n    resourceVersion: "1234"\n    uid: 0b7e6c1e-0000-4000-8000-00000000000%s\n  type: kubernetes.io/tls\n' "$svc" "${#svc}"
  done
  printf 'kind: List\nmetadata:\n  resourceVersion: ""\n'
} > kubectl-list.yaml

# A broken install: Redis's Secret lacks tls.key, the frontend's certificate is
# Keycloak's (wrong names), RabbitMQ's Secret is missing.
{
  secret acme-internal-ca ca.crt=ca.crt
  echo ---
  secret acme-redis-tls tls.crt=redis.crt
  echo ---
  secret acme-frontend-tls tls.crt=keycloak.crt tls.key=keycloak.key
  for svc in keycloak artifacts; do
    echo ---
    secret "acme-$svc-tls" tls.crt="$svc.crt" tls.key="$svc.key"
  done
} > secrets-broken.yaml

# Keycloak cluster mode: its Secret must carry ca.crt too.
cat > values-cluster.yaml <<'YAML'
general:
  mq:
    enabled: false
  internal_tls:
    enabled: true
    certificates:
      existing_ca_secret_name: acme-internal-ca
      source: existing_certificates
      existing_certificates:
        frontend: acme-frontend-tls
        keycloak: acme-keycloak-tls
        keycloak_cluster: acme-keycloak-cluster-tls
        redis: acme-redis-tls
        artifacts: acme-artifacts-tls
deployments:
  keycloak:
    clusterMode: true
certificate:
  existing_cert: acme-main-tls
secrets:
  customCa:
    existingCaSecret: acme-internal-ca
YAML
{
  cat secrets.yaml
  echo ---
  secret acme-keycloak-cluster-tls tls.crt=keycloak-cluster.crt tls.key=keycloak-cluster.key ca.crt=ca.crt
} > secrets-cluster.yaml
secret acme-redis-tls tls.crt=redis.crt > secret-no-key.yaml

rm -f ./*.srl
echo "corpus written to $(pwd)"
