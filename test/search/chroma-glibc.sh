#!/usr/bin/env bash
# Test setup only (never used by the app): the bundled Chroma server in chromadb-js-bindings-linux-x64-gnu needs
# glibc >= 2.38, Debian 12 has 2.36. This fetches Debian 13 (trixie)'s libc6 package once, with a private APT
# config so the system's apt state is untouched, and unpacks it into a cache dir outside the repository.
# Prints the directory holding ld-linux-x86-64.so.2 on success; exits non-zero with a reason otherwise.
set -euo pipefail
cache="${AZ_OS_GLIBC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/az-os/glibc-trixie}"
libdir="$cache/root/usr/lib/x86_64-linux-gnu"
if [[ -x "$libdir/ld-linux-x86-64.so.2" ]]; then echo "$libdir"; exit 0; fi
[[ "$(uname -m)" == x86_64 ]] || { echo "only x86_64 is handled (got $(uname -m))" >&2; exit 3; }
command -v apt-get >/dev/null || { echo "apt-get is missing: not a Debian-like system" >&2; exit 3; }
mkdir -p "$cache"
# Several test files may run this at once: each works in its own dir and the first finished unpack wins.
work="$(mktemp -d "$cache/apt.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{lists/partial,archives/partial,etc/preferences.d,etc/apt.conf.d,root}
# Reuse the machine's mirror host (whatever the system points at), but for the trixie suite.
mirror="$(grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" > "$work/etc/sources.list"
: > "$work/status"
cat > "$work/apt.conf" <<CONF
Dir::State "$work";
Dir::State::Lists "$work/lists";
Dir::State::status "$work/status";
Dir::Cache "$work";
Dir::Cache::archives "$work/archives";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Dir::Etc::sourcelist "$work/etc/sources.list";
Dir::Etc::sourceparts "-";
Dir::Etc::main "$work/apt.conf";
Dir::Etc::parts "$work/etc/apt.conf.d";
Dir::Etc::preferencesparts "$work/etc/preferences.d";
APT::Update::Post-Invoke-Success "";
Acquire::Languages "none";
CONF
export APT_CONFIG="$work/apt.conf"
apt-get -q update >"$work/update.log" 2>&1 || { echo "apt-get update for trixie failed: $(tail -n2 "$work/update.log" | tr '\n' ' ')" >&2; exit 4; }
ls "$work"/lists/*Packages* >/dev/null 2>&1 || { echo "no trixie package list from ${mirror}: $(grep -E '^(W|E):' "$work/update.log" | head -n2 | tr '\n' ' ')" >&2; exit 4; }
(cd "$work/archives" && apt-get -q download libc6 >"$work/download.log" 2>&1) || { echo "apt-get download libc6 failed: $(tail -n2 "$work/download.log" | tr '\n' ' ')" >&2; exit 4; }
deb="$(ls "$work"/archives/libc6_*.deb | head -n1)"
dpkg-deb -x "$deb" "$work/root"
mv -T "$work/root" "$cache/root" 2>/dev/null || true
[[ -x "$libdir/ld-linux-x86-64.so.2" ]] || { echo "libc6 unpacked but $libdir/ld-linux-x86-64.so.2 is missing" >&2; exit 5; }
echo "$libdir"
