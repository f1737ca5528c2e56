#!/usr/bin/env bash
# Shared by demo/run and bench/cli-verify: a throwaway CNCF distribution registry on a free loopback port, and
# image pushes with plain curl calls of the distribution API. Source it; it sets $work, $registry and an EXIT trap.
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start_registry() { # [notify-url [shared-secret]] -> starts the registry; sets $work and $registry
  local notify=${1:-}
  local secret=${2:-}
  work=$(mktemp -d)
  registry_pid=""
  app_pid=""
  cleanup() {
    for pid in $app_pid $registry_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
  }
  trap cleanup EXIT

  registry="127.0.0.1:$(free_port)"
  cat > "$work/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {cache: {blobdescriptor: inmemory}, filesystem: {rootdirectory: $work/storage}, delete: {enabled: true}}
http: {addr: $registry}
YAML
  if [ -n "$notify" ]; then
    # distribution's push notifications, without pulls and blobs: only manifest pushes can need a signature; the
    # shared secret, when given, in the Authorization header Signet's /ingest requires in its prod profile
    local headers=""
    [ -z "$secret" ] || headers="      headers: {Authorization: [Bearer $secret]}"$'\n'
    cat >> "$work/registry.yml" <<YAML
notifications:
  endpoints:
    - name: signet
      url: $notify
$headers      timeout: 2s
      threshold: 5
      backoff: 500ms
      ignore: {mediatypes: [application/octet-stream], actions: [pull]}
YAML
  fi
  /usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 50); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://$registry/v2/" >/dev/null || fail "registry did not start: $(cat "$work/registry.log")"
}

# push a one-layer OCI image with plain HTTP calls of the distribution API
push_blob() { # repo file -> digest
  local repo=$1 file=$2 digest location
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  location=$(curl -fsS -o /dev/null -D - -X POST "http://$registry/v2/$repo/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
  case "$location" in http*) ;; *) location="http://$registry$location" ;; esac
  case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$file" "$location" >/dev/null
  echo "$digest"
}
push_image() { # repo tag -> manifest digest
  local repo=$1 tag=$2 dir="$work/img-$1-$2"
  mkdir -p "$dir/rootfs" && head -c 512 /dev/urandom > "$dir/rootfs/hello.bin"
  tar -C "$dir/rootfs" -czf "$dir/layer.tar.gz" .
  local layer diff config manifest
  layer=$(push_blob "$repo" "$dir/layer.tar.gz")
  diff="sha256:$(gzip -dc "$dir/layer.tar.gz" | sha256sum | cut -d' ' -f1)"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}' "$diff" > "$dir/config.json"
  config=$(push_blob "$repo" "$dir/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":%d,"digest":"%s"},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":%d,"digest":"%s"}]}' \
    "$(stat -c %s "$dir/config.json")" "$config" "$(stat -c %s "$dir/layer.tar.gz")" "$layer" > "$dir/manifest.json"
  curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @"$dir/manifest.json" \
    "http://$registry/v2/$repo/manifests/$tag" >/dev/null
  echo "sha256:$(sha256sum "$dir/manifest.json" | cut -d' ' -f1)"
}

has_manifest() { # repo tag -> whether the registry has it (a HEAD; the OCI Accept header is needed for OCI manifests)
  curl -fsS -o /dev/null -I -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/$1/manifests/$2" 2>/dev/null
}
