#!/bin/bash
# Tillproof deb post-remove: electron-builder's default (app-builder-lib/templates/linux/
# after-remove.tpl) plus the udev rules. The config in /etc/tillproof and the ledgers in the
# users' home folders are kept: they are the shop's records.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# Only on remove/purge, not on the remove step of an upgrade.
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    rm -f /etc/udev/rules.d/60-tillproof.rules
    if hash udevadm 2>/dev/null; then udevadm control --reload-rules || true; fi
fi

exit 0
