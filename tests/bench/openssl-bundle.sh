#!/usr/bin/env bash
# The standard bundle made with the openssl command line, for comparison with
# `tls-wizard generate` as whole processes (bash .ci/bench times both): a new CA
# and one leaf per Service of the chart (release lightrun in namespace lightrun,
# Keycloak cluster mode on: seven Services) with the chart's four DNS names
# each, keys as PKCS#8 PEM, and a secrets.yaml with one kubernetes.io/tls
# Secret per leaf plus the CA's.
#   openssl-bundle.sh OUT_DIR [ecdsa-p256|rsa-2048]
set -euo pipefail
out=${1:?usage: openssl-bundle.sh OUT_DIR [ecdsa-p256|rsa-2048]}
key=${2:-ecdsa-p256}
release=lightrun
ns=lightrun
domain=cluster.local
services=(frontend keycloak keycloak-headless redis mq data-streamer artifacts)
case "$key" in
  ecdsa-p256) genpkey=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256); usage=digitalSignature ;;
  rsa-2048) genpkey=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048); usage=digitalSignature,keyEncipherment ;;
  *) echo "unknown key type $key" >&2; exit 2 ;;
esac
mkdir -p "$out"
cd "$out"
b64() { base64 -w0 "$1"; }

openssl genpkey "${genpkey[@]}" -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=$release-internal-tls-ca" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.crt

{
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-ca\n  namespace: %s\ntype: Opaque\ndata:\n  ca.crt: %s\n' \
    "$release" "$ns" "$(b64 ca.crt)"
  for svc in "${services[@]}"; do
    name="$release-$svc"
    openssl genpkey "${genpkey[@]}" -out "$name.key" 2>/dev/null
    openssl req -x509 -new -key "$name.key" -CA ca.crt -CAkey ca.key -sha256 -days 3650 -subj "/CN=$name" \
      -addext "basicConstraints=critical,CA:FALSE" \
      -addext "keyUsage=critical,$usage" \
      -addext "extendedKeyUsage=serverAuth,clientAuth" \
      -addext "subjectAltName=DNS:$name,DNS:$name.$ns,DNS:$name.$ns.svc,DNS:$name.$ns.svc.$domain" \
      -out "$name.crt" 2>/dev/null
    printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-tls\n  namespace: %s\ntype: kubernetes.io/tls\ndata:\n  tls.crt: %s\n  tls.key: %s\n' \
      "$name" "$ns" "$(b64 "$name.crt")" "$(b64 "$name.key")"
  done
} > secrets.yaml
