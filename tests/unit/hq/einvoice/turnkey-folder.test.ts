import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateUploadFiles, messageFolder, srcFolder, uploadFileName, writeUploadFile } from '../../../../hq/einvoice/turnkey-folder.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tillproof-turnkey-'));
});
afterEach(() => {
  chmodSync(root, 0o700);
  rmSync(root, { recursive: true, force: true });
});

describe('the Turnkey upload folder', () => {
  it('writes into UpCast/B2SSTORAGE/<type>/SRC, owner-only, leaving no temporary file', () => {
    const path = writeUploadFile(root, 'F0401', uploadFileName('F0401', 'AB11223344'), '<Invoice/>\n');
    expect(path).toBe(join(root, 'UpCast', 'B2SSTORAGE', 'F0401', 'SRC', 'F0401_AB11223344.xml'));
    expect(readFileSync(path, 'utf8')).toBe('<Invoice/>\n');
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(srcFolder(root, 'F0401')).mode & 0o777).toBe(0o700);
    }
    expect(readdirSync(messageFolder(root, 'F0401'))).toEqual(['SRC']);
  });

  it('refuses to overwrite a file still waiting in SRC', () => {
    writeUploadFile(root, 'F0501', 'F0501_AB11223344.xml', 'first');
    expect(() => writeUploadFile(root, 'F0501', 'F0501_AB11223344.xml', 'second')).toThrow(/already waiting/);
    expect(readFileSync(join(srcFolder(root, 'F0501'), 'F0501_AB11223344.xml'), 'utf8')).toBe('first');
  });

  it('a folder it cannot write gives a clear error and leaves nothing behind', () => {
    if (process.platform === 'win32' || process.getuid?.() === 0) return; // root writes anywhere
    chmodSync(root, 0o500);
    expect(() => writeUploadFile(root, 'F0401', 'F0401_AB11223344.xml', 'x')).toThrow(
      /cannot write F0401_AB11223344.xml into the Turnkey folder/,
    );
  });

  it('only letters, digits and dashes name a file', () => {
    expect(() => uploadFileName('F0401', '../etc/passwd')).toThrow(/cannot name an upload file/);
  });

  it('finds each file in SRC, accepted under BAK (dated, maybe renamed), refused under ERR, or gone', () => {
    for (const n of ['A', 'B', 'C', 'D']) writeUploadFile(root, 'F0401', `F0401_${n}.xml`, n);
    const folder = messageFolder(root, 'F0401');
    mkdirSync(join(folder, 'BAK', '20261120', '13'), { recursive: true });
    mkdirSync(join(folder, 'ERR', '20261120'), { recursive: true });
    renameSync(join(folder, 'SRC', 'F0401_B.xml'), join(folder, 'BAK', '20261120', '13', 'F0401_B.xml'));
    renameSync(join(folder, 'SRC', 'F0401_C.xml'), join(folder, 'ERR', '20261120', 'F0401_C_1787020405256.xml'));
    rmSync(join(folder, 'SRC', 'F0401_D.xml'));
    writeFileSync(join(folder, 'BAK', '20261120', 'F0401_DD.xml'), 'another document');
    const where = locateUploadFiles(root, 'F0401', ['F0401_A.xml', 'F0401_B.xml', 'F0401_C.xml', 'F0401_D.xml']);
    expect(Object.fromEntries(where)).toEqual({
      'F0401_A.xml': 'src',
      'F0401_B.xml': 'accepted',
      'F0401_C.xml': 'rejected',
      'F0401_D.xml': 'gone',
    });
    expect(locateUploadFiles(root, 'G0401', ['G0401_X.xml']).get('G0401_X.xml')).toBe('gone');
  });
});
