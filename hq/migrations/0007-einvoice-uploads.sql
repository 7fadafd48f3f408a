-- Taiwan e-invoice (issue #17), HQ side: the MIG 4.1 files written for the Turnkey client, and the
-- invoice number tracks (字軌) with the ranges assigned to terminals. Additive only (see 0001).

-- One row per file written into the Turnkey upload folder (UpCast/B2SSTORAGE/<type>/SRC).
-- document: the invoice or allowance number (E0402: period, track and first number of the track).
-- status: written (in SRC), picked-up (Turnkey took it out of SRC), accepted (found in BAK:
-- Turnkey checked and packed it), rejected (found in ERR: Turnkey refused it).
-- deadline: when MOF must have it (docs/einvoice.md, "Deadlines"); overdue: past it and not taken.
CREATE TABLE hq_einvoice_uploads (
  upload_id     bigserial   PRIMARY KEY,
  message_type  text        NOT NULL CHECK (message_type IN ('F0401', 'F0501', 'F0701', 'G0401', 'G0501', 'E0402')),
  seller_ubn    text        NOT NULL,
  document      text        NOT NULL,
  file_name     text        NOT NULL UNIQUE,
  sha256        text        NOT NULL,
  event_at      timestamptz NOT NULL,
  deadline      timestamptz NOT NULL,
  status        text        NOT NULL DEFAULT 'written' CHECK (status IN ('written', 'picked-up', 'accepted', 'rejected')),
  written_at    timestamptz NOT NULL DEFAULT now(),
  picked_up_at  timestamptz,
  result_at     timestamptz,
  UNIQUE (message_type, seller_ubn, document)
);
CREATE INDEX hq_einvoice_uploads_open ON hq_einvoice_uploads (deadline) WHERE status IN ('written', 'picked-up', 'rejected');

-- A track MOF assigned for a two-month period: letters and numbers start..end (inclusive), in
-- blocks of 50 (start ends in 00 or 50, end in 49 or 99). period: ROC year and even month (11502).
CREATE TABLE hq_einvoice_tracks (
  track_id     bigserial   PRIMARY KEY,
  seller_ubn   text        NOT NULL,
  period       text        NOT NULL CHECK (period ~ '^[0-9]{3}(02|04|06|08|10|12)$'),
  invoice_type text        NOT NULL DEFAULT '07' CHECK (invoice_type IN ('07', '08')),
  letters      text        NOT NULL CHECK (letters ~ '^[A-Z]{2}$'),
  start_no     integer     NOT NULL CHECK (start_no >= 0 AND start_no % 50 = 0),
  end_no       integer     NOT NULL CHECK (end_no <= 99999999 AND (end_no + 1) % 50 = 0),
  added_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (end_no > start_no)
);
CREATE INDEX hq_einvoice_tracks_by_period ON hq_einvoice_tracks (period, letters, start_no);

-- Numbers of a track given to one terminal; ranges never overlap (checked under a table lock).
CREATE TABLE hq_einvoice_ranges (
  range_id     bigserial   PRIMARY KEY,
  track_id     bigint      NOT NULL REFERENCES hq_einvoice_tracks (track_id),
  terminal_id  text        NOT NULL,
  start_no     integer     NOT NULL,
  end_no       integer     NOT NULL,
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (end_no >= start_no)
);
CREATE INDEX hq_einvoice_ranges_by_track ON hq_einvoice_ranges (track_id, start_no);
CREATE INDEX hq_einvoice_ranges_by_terminal ON hq_einvoice_ranges (terminal_id);
