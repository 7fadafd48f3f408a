import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const build = join(import.meta.dirname, '../../../build');
const read = (path: string) => readFileSync(join(build, path), 'utf8');

/** The macros electron-builder substitutes in deb scripts (FpmTarget: executable, sanitizedProductName, productFilename + platform options). */
const MACROS = new Set(['executable', 'sanitizedProductName', 'productFilename']);

describe('deb maintainer scripts', () => {
  it.each(['linux/after-install.sh', 'linux/after-remove.sh'])(
    '%s uses only macros electron-builder defines (it fails the build on any other)',
    (file) => {
      const used = [...read(file).matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]!);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((m) => !MACROS.has(m))).toEqual([]);
    },
  );

  it.each(['linux/after-install.sh', 'linux/after-remove.sh'])('%s is valid bash once the macros are filled in', (file) => {
    const text = read(file).replace(/\$\{(executable|sanitizedProductName|productFilename)\}/g, 'tillproof');
    const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it("keeps electron-builder's default install steps (binary link, chrome-sandbox, AppArmor)", () => {
    const script = read('linux/after-install.sh');
    expect(script).toContain("update-alternatives --install '/usr/bin/${executable}'");
    expect(script).toContain("chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox'");
    expect(script).toContain('apparmor_parser --replace');
  });

  it('installs the udev rules and puts the till user in dialout, lp and tillproof', () => {
    const script = read('linux/after-install.sh');
    expect(script).toContain("'/opt/${sanitizedProductName}/resources/linux/60-tillproof.rules'");
    expect(script).toMatch(/install -m 0644 "\$TP_RULES_SOURCE" "\$TP_RULES_TARGET"/);
    expect(script).toContain('udevadm control --reload-rules');
    expect(script).toContain('for TP_GROUP in dialout lp tillproof');
    expect(script).toContain('usermod -a -G "$TP_GROUP" "$TP_USER"');
    expect(read('linux/after-remove.sh')).toContain('rm -f /etc/udev/rules.d/60-tillproof.rules');
  });

  it('the after-install script runs through with a service user (commands stubbed)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'tp-postinst-'));
    const calls = join(bin, 'calls.log');
    for (const cmd of [
      'update-alternatives',
      'unshare',
      'chmod',
      'apparmor_status',
      'groupadd',
      'getent',
      'install',
      'udevadm',
      'id',
      'usermod',
      'update-mime-database',
      'update-desktop-database',
      'ln',
      'rm',
      'readlink',
    ]) {
      writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd} $*" >> "${calls}"\nexit 0\n`, { mode: 0o755 });
    }
    const text = read('linux/after-install.sh')
      .replace(/\$\{(executable|sanitizedProductName)\}/g, 'tillproof')
      .replaceAll('/opt/tillproof/resources/linux/60-tillproof.rules', join(build, 'linux', '60-tillproof.rules'));
    const r = spawnSync('bash', ['-s', 'configure'], {
      input: text,
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, TILLPROOF_USER: 'cashier' },
    });
    expect(r.status).toBe(0);
    const log = readFileSync(calls, 'utf8');
    expect(log).toMatch(/install -m 0644 .*60-tillproof\.rules \/etc\/udev\/rules\.d\/60-tillproof\.rules/);
    expect(log).toMatch(/usermod -a -G dialout cashier/);
    expect(log).toMatch(/usermod -a -G lp cashier/);
    expect(log).toMatch(/usermod -a -G tillproof cashier/);
    expect(r.stdout).toContain('cashier can use serial, printer and HID devices');
  });
});

describe('udev rules', () => {
  const rules = read('linux/60-tillproof.rules')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

  it('give serial, USB printer and hidraw devices to their groups and to the seat user', () => {
    const rule = (subsystem: string) => rules.find((r) => r.includes(`SUBSYSTEM=="${subsystem}"`));
    expect(rule('tty')).toMatch(/ttyUSB.*ttyACM.*GROUP="dialout", MODE="0660", TAG\+="uaccess"/);
    expect(rule('usbmisc')).toMatch(/KERNEL=="lp\[0-9\]\*", GROUP="lp", MODE="0660", TAG\+="uaccess"/);
    expect(rule('hidraw')).toMatch(/GROUP="tillproof", MODE="0660", TAG\+="uaccess"/);
    for (const r of rules) {
      expect(r).toMatch(/^(SUBSYSTEM|KERNEL|ATTRS|ACTION)[^=!]*[=!]=/);
      expect(r).not.toMatch(/MODE="0?666"/);
    }
  });
});

describe('NSIS include', () => {
  it('copies /CONFIG= to ProgramData and locks the folder to admins (by SID, any Windows language)', () => {
    const nsh = read('windows/installer.nsh');
    expect(nsh).toMatch(/CreateDirectory "\$APPDATA\\Tillproof"/);
    expect(nsh).toContain('*S-1-5-32-544:(OI)(CI)F');
    expect(nsh).toContain('*S-1-5-18:(OI)(CI)F');
    expect(nsh).toContain('*S-1-5-32-545:(OI)(CI)RX');
    expect(nsh.match(/!macro /g)).toHaveLength(1);
    expect(nsh.match(/\$\{If(Not)?\}/g)?.length).toBe(nsh.match(/\$\{EndIf\}/g)?.length);
  });
});
