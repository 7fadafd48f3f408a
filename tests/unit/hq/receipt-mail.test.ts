// The HTML part of an e-receipt: names from the catalog or the store are data, never markup.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { backoffDelay } from '../../../core/sync/backoff.ts';
import { mailConfigSchema } from '../../../hq/config.ts';
import { escapeHtml, ReceiptMailer, receiptMailHtml, type MailTransport } from '../../../hq/receipt-mail.ts';

const base = {
  title: 'Shop: receipt #7',
  qr: 'TPR1;T-01;7;48;sig',
  link: 'https://verify.shop.example/r?q=TPR1%3BT-01',
  qrImageCid: 'receipt-qr',
  lang: 'zh-TW',
};

describe('receiptMailHtml', () => {
  it('shows the receipt text as printed, the QR inline from the attachment, the payload and the link', () => {
    const receiptText = '  烏龍茶 Oolong        2 x 24        48\nTOTAL                              48';
    const html = receiptMailHtml({ ...base, receiptText });
    expect(html).toContain(`<pre style=`);
    expect(html).toContain(receiptText);
    expect(html).toContain('<img src="cid:receipt-qr"');
    expect(html).toContain('TPR1;T-01;7;48;sig');
    expect(html).toContain('<a href="https://verify.shop.example/r?q=TPR1%3BT-01">');
    expect(html).toContain('<html lang="zh-TW">');
    // Nothing remote: no http(s) source for images, styles or scripts.
    expect(html).not.toMatch(/src="https?:|<link|<script/i);
  });

  it('escapes markup in product and store names', () => {
    const html = receiptMailHtml({ ...base, title: 'A&B <Shop>', receiptText: 'Tea <script>alert(1)</script> "x" & \'y\'' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Tea &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; &#39;y&#39;');
    expect(html).toContain('<title>A&amp;B &lt;Shop&gt;</title>');
  });

  it('links only http(s) addresses and leaves out what is not there', () => {
    const js = receiptMailHtml({ ...base, receiptText: 'x', link: 'javascript:alert(1)' });
    expect(js).not.toContain('<a ');
    expect(js).toContain('javascript:alert(1)');
    const bare = receiptMailHtml({ ...base, receiptText: 'x', qr: '', link: null, qrImageCid: null });
    expect(bare).not.toContain('<img');
    expect(bare).not.toContain('Verify this receipt');
  });

  it('escapeHtml covers the five markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('ReceiptMailer retries', () => {
  it('back off as sync does: doubling from retryBaseMs up to retryMaxMs, half of each step random', async () => {
    const mail = { smtp: { host: 'smtp.example' }, from: 'till@shop.example', retryBaseMs: 1_000, retryMaxMs: 10_000 };
    const config = mailConfigSchema.parse(mail);
    const transport: MailTransport = { send: async () => ({ messageId: 'x' }), close: () => undefined };
    // Never connected: computing a delay needs no database.
    const pool = new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });
    const delays = (r: number) => {
      const mailer = new ReceiptMailer({ pool, config, transport, random: () => r });
      return [1, 2, 3, 4, 5, 50].map((attempts) => mailer.retryDelayMs(attempts));
    };
    expect(delays(1)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(delays(0)).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    const policy = { baseMs: 1_000, maxMs: 10_000, factor: 2 };
    expect(delays(0.3)).toEqual([1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, policy, () => 0.3)));
    await pool.end();
  });
});
