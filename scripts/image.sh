#!/usr/bin/env bash
# Builds the project's image (deploy/Dockerfile, unchanged) with podman, on a machine that reaches no image registry.
# The Dockerfile's base images are made here under the names it uses: a Debian bookworm rootfs (debootstrap) plus
# this machine's .NET SDK or runtimes, its CA certificates and, for the runtime, the user `app` (uid 1654). They are
# cached in podman's storage (the rootfs tarball also in $cache_dir) and made only when missing or when the
# machine's .NET changed; the app image itself is podman's layer cache at work: an unchanged tree rebuilds in seconds.
#   scripts/image.sh [build]     build (or reuse) the stand-ins, then the image; prints its name
#   scripts/image.sh bases       only the stand-ins
#   scripts/image.sh info        name, size and id of the built image
# With Docker and a registry at hand none of this is needed: docker build -f deploy/Dockerfile -t knapscen-sagas .
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${KNAPSCEN_IMAGE_CACHE:-/var/cache/knapscen-images}
image=${KNAPSCEN_IMAGE:-localhost/knapscen-sagas:latest}
dotnet_root=${DOTNET_ROOT:-/usr/share/dotnet}
ca_dir=/usr/local/share/ca-certificates
rootfs_image=localhost/knapscen-debian:bookworm-minbase
sdk_image=mcr.microsoft.com/dotnet/sdk:10.0
runtime_image=mcr.microsoft.com/dotnet/aspnet:10.0
# What the .NET runtime needs beyond minbase (the official images' list), and update-ca-certificates.
rootfs_packages=ca-certificates,libicu72,libssl3,tzdata,zlib1g

export CONTAINERS_CONF=$repo_root/scripts/image/containers.conf
podman_flags=(--runtime runc)

log() { printf 'image: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

apt_install() { # packages...
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

has_image() { podman "${podman_flags[@]}" image exists "$1"; }

label_of() { # image label
  podman "${podman_flags[@]}" image inspect --format "{{index .Labels \"$2\"}}" "$1" 2>/dev/null || true
}

# The machine's .NET, as a tag on the stand-ins: a new SDK or runtime makes them again.
sdk_version() { "$dotnet_root/dotnet" --version; }
runtime_version() { find "$dotnet_root/shared/Microsoft.AspNetCore.App" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1; }

make_rootfs() {
  has_image "$rootfs_image" && return 0
  local tarball=$cache_dir/bookworm-minbase.tar
  if [ ! -s "$tarball" ]; then
    local dir=$cache_dir/rootfs.tmp
    rm -rf "$dir"
    log "debootstrap --variant=minbase bookworm (about a minute)"
    debootstrap --variant=minbase --include="$rootfs_packages" bookworm "$dir" http://deb.debian.org/debian >"$cache_dir/debootstrap.log" 2>&1 \
      || die "debootstrap failed; see $cache_dir/debootstrap.log"
    # Package lists and downloaded .debs are of no use in an image.
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar -C "$dir" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$dir"
  fi
  podman "${podman_flags[@]}" import --change 'CMD ["/bin/bash"]' "$tarball" "$rootfs_image" >/dev/null
}

make_stand_in() { # image containerfile version-label version
  local name=$1 file=$2 label=$3 version=$4
  if has_image "$name" && [ "$(label_of "$name" "$label")" = "$version" ]; then
    return 0
  fi
  log "making the stand-in $name from this machine's .NET $version"
  podman "${podman_flags[@]}" build --pull=never --network host \
    --volume "$dotnet_root:/mnt/dotnet:ro" --volume "$ca_dir:/mnt/ca:ro" \
    --build-arg "NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}" \
    --label "$label=$version" --label org.knapscen.stand-in=true \
    -f "$repo_root/scripts/image/$file" -t "$name" "$repo_root/scripts/image" >&2
}

bases() {
  mkdir -p "$cache_dir"
  make_rootfs
  make_stand_in "$sdk_image" dotnet-sdk.Containerfile org.knapscen.dotnet-sdk "$(sdk_version)"
  make_stand_in "$runtime_image" dotnet-aspnet.Containerfile org.knapscen.aspnetcore "$(runtime_version)"
}

build() {
  bases
  local previous
  previous=$(podman "${podman_flags[@]}" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  log "podman build -f deploy/Dockerfile -t $image"
  # The default network (not the host's) for restore, as a Docker build would have; --pull=never: the bases are local.
  podman "${podman_flags[@]}" build --pull=never -f "$repo_root/deploy/Dockerfile" -t "$image" "$repo_root" >&2
  # A changed tree leaves the previous image untagged: remove it (its build-stage layers stay as the cache).
  if [ -n "$previous" ] && [ "$(podman "${podman_flags[@]}" image inspect --format '{{.Id}}' "$image")" != "$previous" ]; then
    podman "${podman_flags[@]}" rmi "$previous" >/dev/null 2>&1 || true
  fi
  # Each source change leaves untagged build-stage layers; a week's worth stay as the cache, older ones go.
  podman "${podman_flags[@]}" image prune --force --filter until=168h >/dev/null
  printf '%s\n' "$image"
}

info() {
  has_image "$image" || die "$image is not built; run scripts/image.sh"
  podman "${podman_flags[@]}" image inspect --format '{{.Id}} {{.Size}}' "$image" | {
    read -r id size
    printf '%s %s %s MB\n' "$image" "${id:0:12}" "$((size / 1000000))"
  }
}

main() {
  [ "$(id -u)" -eq 0 ] || die "run as root: podman's root storage and debootstrap need it"
  apt_install podman runc debootstrap
  # One build at a time (test runs may start together); the lock lives with the cache.
  mkdir -p "$cache_dir"
  exec 9>"$cache_dir/lock"
  flock 9
  case "${1:-build}" in
    build) build ;;
    bases) bases ;;
    info) info ;;
    *) die "usage: scripts/image.sh [build|bases|info]" ;;
  esac
}

main "$@"
