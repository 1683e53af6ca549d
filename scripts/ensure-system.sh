#!/usr/bin/env bash
# Installs the Debian packages the system and its tests need, only when missing, so a fresh
# machine needs nothing by hand. Safe to run repeatedly; quiet when everything is present.
#   chromium        Playwright runs Debian's Chromium (browsers cannot be downloaded here)
#   socat           pseudo-terminals that stand in for serial devices (printer, QR scanner, PN532)
#   softhsm2        a real PKCS#11 module for token issuance and the built-in CA's key
#   opensc          pkcs11-tool, the outside client that checks what issuance left on a token
#   postgresql      the server suite runs on PostgreSQL as well as PGlite
#   haproxy         the load balancer in front of the sync-server replicas (npm run start:cluster, cluster test)
#   fonts-ocr-b     OCR-B, the MRZ font, for the synthetic card generator
#   fonts-dejavu-core, fonts-noto-core  Vietnamese glyphs for Chromium and receipts
#   espeak-ng       the call display's announcement voice, rendered at build time (scripts/render-voice.ts),
#                   and the kiosk's offline audio guidance (with opus-tools)
#   opus-tools      Ogg Opus encoding of the kiosk's audio guidance
#   python3-openpyxl  an independent spreadsheet reader that checks the XLSX exports
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_cmd chromium || need+=(chromium)
have_cmd socat || need+=(socat)
[ -e /usr/lib/softhsm/libsofthsm2.so ] || need+=(softhsm2)
have_cmd pkcs11-tool || need+=(opensc)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/haproxy ] || have_cmd haproxy || need+=(haproxy)
have_cmd openssl || need+=(openssl)
have_cmd espeak-ng || need+=(espeak-ng)
have_pkg python3-openpyxl || need+=(python3-openpyxl)
have_cmd opusenc || need+=(opus-tools)
for p in fonts-ocr-b fonts-dejavu-core fonts-noto-core; do have_pkg "$p" || need+=("$p"); done

if [ ${#need[@]} -gt 0 ]; then
  echo "ensure-system: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
