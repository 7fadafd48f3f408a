-- Taiwan e-invoice numbers at the till (issue #17): the sale path reads the period's ranges
-- (einvoice-range entries) and its last e-invoice sale on every sale, so both are indexed rather
-- than found by reading the whole ledger. Additive: indexes only. Never edit this file after
-- release: add a new one.

CREATE INDEX ledger_einvoice_ranges ON ledger_entries (json_extract(body, '$.period'), seq) WHERE kind = 'einvoice-range';

CREATE INDEX ledger_einvoice_sales ON ledger_entries (json_extract(body, '$.einvoice.period'), seq)
  WHERE kind = 'sale' AND json_extract(body, '$.einvoice.period') IS NOT NULL;
