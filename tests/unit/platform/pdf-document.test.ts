import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../../../platform/pdf-document.ts';

describe('pdfDocument', () => {
  it('gives the finished file as bytes, and a failure while drawing as a rejection', async () => {
    const bytes = await pdfDocument('A title', (doc) => doc.text('hello'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(
      pdfDocument('Broken', () => {
        throw new Error('no figures');
      }),
    ).rejects.toThrow('no figures');
  });
});
