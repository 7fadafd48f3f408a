#!/usr/bin/env bash
# Debian packages the tests and the emulated devices use. Needs root (or sudo).
#   socat       serial pseudo-terminal pairs for scanner/printer/drawer tests
#   zbar-tools  zbarimg, to decode QR codes from rendered receipts in tests
#   libusb-1.0-0  node-hid's runtime dependency on Linux
#   chromium    the real browser the end-to-end tests drive (playwright-core, headless)
#   fonts-wqy-microhei  a CJK font for PDF reports (Z report export) and browser screenshots
#   poppler-utils       pdftotext/pdftoppm, to read exported PDFs back in tests
#   openssl     the openssl CLI, to make a private CA and HQ certificate in the HTTPS test
#   python3     its cp950 codec decodes the pole display's bytes independently of our encoder
set -euo pipefail
packages=(socat zbar-tools libusb-1.0-0 ca-certificates openssl chromium fonts-wqy-microhei poppler-utils python3)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "setup-debian.sh: not a Debian-like system; install these yourself: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
