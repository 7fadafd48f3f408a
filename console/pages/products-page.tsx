import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ConsoleApiError, consoleApi, type CatalogImportStatus, type Me, type ProductPage, type ProductView } from '../api.ts';
import type { Translate } from '../i18n/i18n.ts';
import { chunksOf, formatPrice } from './products-format.ts';

// Products and prices (docs/hq.md "Master data in the console"): the catalog a page at a time
// with search, a price per tier changed by an admin, and a catalog CSV uploaded in chunks with
// its progress and every bad line. HQ validates and publishes; this page shows what HQ answers.
// Names are rendered as React text (escaped), never as HTML.

const PAGE_SIZE = 50;
/** Characters per upload request: well under HQ's body limit, small enough for steady progress. */
const CHUNK_CHARS = 256 * 1024;

interface Props {
  t: Translate;
  me: Me;
  /** An HQ refusal in the reader's language. */
  explain: (e: unknown) => string;
  onSessionEnded: () => void;
}

export function ProductsPage({ t, me, explain, onSessionEnded }: Props) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ProductPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ProductView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const admin = me.role === 'admin';

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
      else setError(explain(e));
    },
    [explain, onSessionEnded],
  );

  const load = useCallback(() => {
    consoleApi.products(search, offset, PAGE_SIZE).then((p) => {
      setPage(p);
      setError(null);
    }, fail);
  }, [search, offset, fail]);

  useEffect(load, [load]);

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setSearch(query.trim());
  };

  return (
    <section aria-labelledby="products-title">
      <div className="stores-head">
        <h1 id="products-title">{t('products.title')}</h1>
      </div>
      {admin && <CatalogImport t={t} me={me} explain={explain} onPublished={load} />}
      <form className="products-search" role="search" onSubmit={submitSearch}>
        <label>
          {t('products.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit">{t('products.searchButton')}</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {page === null && !error && <p>{t('common.loading')}</p>}
      {page && (
        <>
          <p className="muted">
            {page.total === 0
              ? t('products.none')
              : t('products.range', { from: page.offset + 1, to: page.offset + page.products.length, total: page.total })}
          </p>
          <table aria-label={t('products.title')}>
            <thead>
              <tr>
                <th scope="col">{t('products.id')}</th>
                <th scope="col">{t('products.sku')}</th>
                <th scope="col">{t('products.name')}</th>
                {page.tiers.map((tier) => (
                  <th key={tier} scope="col">
                    {t('products.price', { tier, currency: page.currency })}
                  </th>
                ))}
                <th scope="col">{t('products.status')}</th>
                {admin && <th scope="col" />}
              </tr>
            </thead>
            <tbody>
              {page.products.map((p) => (
                <tr key={p.productId}>
                  <td>{p.productId}</td>
                  <td>{p.sku}</td>
                  <td>{p.name}</td>
                  {page.tiers.map((tier) => (
                    <td key={tier} className="number">
                      {p.prices[tier] === undefined ? '—' : formatPrice(p.prices[tier], page.minorDigits)}
                    </td>
                  ))}
                  <td>{p.active ? t('products.active') : t('products.inactive')}</td>
                  {admin && (
                    <td>
                      <button type="button" onClick={() => setEditing(p)} aria-label={t('products.editFor', { id: p.productId })}>
                        {t('products.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - PAGE_SIZE))}>
              {t('products.previous')}
            </button>
            <button
              type="button"
              disabled={page.offset + page.products.length >= page.total}
              onClick={() => setOffset(page.offset + PAGE_SIZE)}
            >
              {t('products.next')}
            </button>
          </div>
        </>
      )}
      {editing && page && (
        <PriceEditor
          t={t}
          me={me}
          product={editing}
          tiers={page.tiers}
          minorDigits={page.minorDigits}
          explain={explain}
          onClose={() => setEditing(null)}
          onSaved={(version) => {
            setEditing(null);
            setSaved(version === null ? t('products.unchanged') : t('products.published', { version }));
            load();
          }}
        />
      )}
    </section>
  );
}

function PriceEditor({
  t,
  me,
  product,
  tiers,
  minorDigits,
  explain,
  onClose,
  onSaved,
}: {
  t: Translate;
  me: Me;
  product: ProductView;
  tiers: string[];
  minorDigits: number;
  explain: (e: unknown) => string;
  onClose: () => void;
  onSaved: (version: number | null) => void;
}) {
  const [tier, setTier] = useState(tiers[0] ?? 'retail');
  const [price, setPrice] = useState(() => {
    const now = product.prices[tiers[0] ?? 'retail'];
    return now === undefined ? '' : formatPrice(now, minorDigits);
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    consoleApi.setPrice(me.csrfToken, product.productId, { tier, price: price.trim() }).then(
      (r) => onSaved(r.version),
      (err: unknown) => {
        setError(explain(err));
        setBusy(false);
      },
    );
  };

  return (
    <form className="card price-editor" aria-labelledby="price-editor-title" onSubmit={submit}>
      <h2 id="price-editor-title">{t('products.editTitle', { name: product.name })}</h2>
      <label>
        {t('products.tier')}
        <select
          value={tier}
          onChange={(e) => {
            setTier(e.target.value);
            const now = product.prices[e.target.value];
            setPrice(now === undefined ? '' : formatPrice(now, minorDigits));
          }}
        >
          {tiers.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('products.newPrice')}
        <input name="price" inputMode="decimal" required autoFocus value={price} onChange={(e) => setPrice(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('products.publish')}
      </button>
      <button type="button" onClick={onClose}>
        {t('products.cancel')}
      </button>
    </form>
  );
}

function CatalogImport({
  t,
  me,
  explain,
  onPublished,
}: {
  t: Translate;
  me: Me;
  explain: (e: unknown) => string;
  onPublished: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [status, setStatus] = useState<CatalogImportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const text = await file.text();
      let s = await consoleApi.startCatalogImport(me.csrfToken, { fileName: file.name, size: text.length, replace });
      setStatus(s);
      const chunks = chunksOf(text, CHUNK_CHARS);
      if (chunks.length === 0) chunks.push('');
      let at = 0;
      for (const [i, chunk] of chunks.entries()) {
        s = await consoleApi.sendCatalogChunk(me.csrfToken, s.jobId, { at, text: chunk, last: i === chunks.length - 1 });
        at += chunk.length;
        if (alive.current) setStatus(s);
      }
      // Publishing a large catalog takes a while: ask HQ how it is going until it is done.
      for (let wait = 250; s.state === 'publishing' && alive.current; wait = Math.min(wait * 2, 2_000)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        s = await consoleApi.catalogImport(s.jobId);
        if (alive.current) setStatus(s);
      }
      if (s.state === 'published') onPublished();
    } catch (err) {
      if (alive.current) setError(explain(err));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const percent = status && status.size > 0 ? Math.floor((status.received / status.size) * 100) : 0;

  return (
    <form className="card catalog-import" aria-labelledby="catalog-import-title" onSubmit={(e) => void upload(e)}>
      <h2 id="catalog-import-title">{t('import.title')}</h2>
      <p className="muted">{t('import.help')}</p>
      <label>
        {t('import.file')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        {t('import.replace')}
      </label>
      <button type="submit" className="primary" disabled={busy || !file}>
        {t('import.submit')}
      </button>
      {status && (
        <div role="status" className="import-status">
          {status.state === 'receiving' && (
            <>
              <progress max={100} value={percent} aria-label={t('import.progress')} />
              <span>{t('import.receiving', { percent, records: status.records })}</span>
            </>
          )}
          {status.state === 'publishing' && <span>{t('import.publishing', { records: status.records })}</span>}
          {status.state === 'published' && (
            <span>
              {status.version === null
                ? t('import.unchanged', { records: status.records })
                : t('import.published', {
                    version: status.version,
                    records: status.records,
                    changed: status.changed,
                    deactivated: status.deactivated,
                  })}
            </span>
          )}
          {(status.state === 'rejected' || status.state === 'failed') && (
            <span>{t('import.rejected', { rejected: status.rejected, records: status.records })}</span>
          )}
        </div>
      )}
      {status && status.errors.length > 0 && (
        <table aria-label={t('import.errors')}>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {status.errors.map((x, i) => (
              <tr key={`${x.line}-${i}`}>
                <td className="number">{x.line}</td>
                <td>{x.column ?? ''}</td>
                <td>{x.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status?.errorsTruncated && <p className="muted">{t('import.moreErrors')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
