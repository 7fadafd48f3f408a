-- Taiwan e-invoice (issue #17): how far HQ's invoice uploader has read each terminal's stored
-- ledger (as hq_receipt_mail_scan). Each e-invoice sale becomes one F0401 file and each post-void
-- of one an F0501 file in the Turnkey folder; hq_einvoice_uploads (0007) is unique per message and
-- document, so a rescan or a re-sent batch never writes a second file. Additive only (see 0001).
CREATE TABLE hq_einvoice_upload_scan (
  terminal_id text   PRIMARY KEY,
  scanned_seq bigint NOT NULL DEFAULT 0
);
