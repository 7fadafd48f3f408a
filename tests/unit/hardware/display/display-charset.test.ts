// The Big5 display's bytes, read back with Python's own cp950 codec (not iconv-lite).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { displayCharset, encodeCp950Display } from '../../../../hardware/display/display-charset.ts';

const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).status === 0;

/** The text a CP950 display shows for these bytes: Kanji runs decoded by Python's cp950. */
function cp950Shown(bytes: Uint8Array): string {
  const script = `import sys
b = bytes.fromhex(sys.argv[1]); out = ''; i = 0; kanji = False
while i < len(b):
    if b[i] == 0x1c: kanji = b[i + 1] == 0x26; i += 2; continue
    if kanji: out += b[i:i + 2].decode('cp950'); i += 2; continue
    out += chr(b[i]); i += 1
sys.stdout.buffer.write(out.encode('utf8'))`;
  const r = spawnSync('python3', ['-c', script, Buffer.from(bytes).toString('hex')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe.skipIf(!python)('a Big5 customer display speaks CP950', () => {
  it('encodes Traditional Chinese names that cp950 decodes to the same text', () => {
    for (const name of ['茶裏王日式無糖綠茶 600ml', '合計 35', '謝謝光臨', '麥香紅茶‧300ml'])
      expect(cp950Shown(encodeCp950Display(name))).toBe(name);
  });

  it('shows ? for what CP950 lacks (HKSCS codes iconv-lite big5 would send), never foreign bytes', () => {
    expect(cp950Shown(encodeCp950Display('①號'))).toBe('?號');
    expect(displayCharset('big5').charColumns('①')).toBe(1);
    expect(displayCharset('big5').charColumns('號')).toBe(2);
  });
});
