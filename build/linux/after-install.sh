#!/bin/bash
# Tillproof deb post-install. electron-builder fills in the macros in dollar-brace form
# (executable, sanitizedProductName) and fails on any other dollar-brace word made of letters
# only, so shell variables here are written $NAME or with an underscore in braces.

# --- electron-builder's default after-install (app-builder-lib/templates/linux/after-install.tpl)
if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24.04+ restricts unprivileged user namespaces without one).
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# --- Tillproof: device access and the machine-wide config folder
TP_RULES_SOURCE='/opt/${sanitizedProductName}/resources/linux/60-tillproof.rules'
TP_RULES_TARGET='/etc/udev/rules.d/60-tillproof.rules'

getent group tillproof >/dev/null 2>&1 || groupadd --system tillproof || true

if [ -f "$TP_RULES_SOURCE" ]; then
    install -m 0644 "$TP_RULES_SOURCE" "$TP_RULES_TARGET"
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
        udevadm trigger --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=lp --subsystem-match=hidraw || true
    fi
fi

# The till's user: $TILLPROOF_USER at install time, else the name in /etc/tillproof/service-user,
# else the user who ran sudo. It joins dialout (serial), lp (printers) and tillproof (hidraw).
TP_USER="$TILLPROOF_USER"
if [ -z "$TP_USER" ] && [ -r /etc/tillproof/service-user ]; then
    TP_USER="$(head -n 1 /etc/tillproof/service-user | tr -d '[:space:]')"
fi
if [ -z "$TP_USER" ] && [ -n "$SUDO_USER" ] && [ "$SUDO_USER" != "root" ]; then
    TP_USER="$SUDO_USER"
fi
if [ -n "$TP_USER" ] && id "$TP_USER" >/dev/null 2>&1; then
    for TP_GROUP in dialout lp tillproof; do
        getent group "$TP_GROUP" >/dev/null 2>&1 && usermod -a -G "$TP_GROUP" "$TP_USER" || true
    done
    echo "Tillproof: $TP_USER can use serial, printer and HID devices (log out and in again for the groups to apply)."
else
    echo "Tillproof: no service user given; the user at the seat gets device access through udev (uaccess)."
    echo "  For a kiosk user, run: sudo usermod -a -G dialout,lp,tillproof USER"
fi

# The machine-wide config folder: IT writes /etc/tillproof/config.json, the till only reads it.
install -d -m 0755 /etc/tillproof

exit 0
