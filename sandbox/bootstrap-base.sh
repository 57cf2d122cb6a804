#!/usr/bin/env bash
# Creates the local image debian:bookworm-slim with debootstrap, for hosts that cannot pull from a
# registry (Slate's build machines are such hosts). Idempotent: does nothing when the image exists.
# Usage: sudo sandbox/bootstrap-base.sh [mirror]
set -euo pipefail
image="debian:bookworm-slim"
mirror="${1:-${SLATE_DEBIAN_MIRROR:-http://deb.debian.org/debian}}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "bootstrap-base: $image already present"
  exit 0
fi
if docker pull -q "$image" >/dev/null 2>&1; then
  echo "bootstrap-base: pulled $image"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "bootstrap-base: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

root=$(mktemp -d /tmp/slate-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "bootstrap-base: debootstrapping bookworm from $mirror (a few minutes)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
# Trim what a slim image leaves out: docs, man pages, apt lists and caches.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
echo "bootstrap-base: imported $image"
