-- The receipt page (/r, hq/receipt-page.ts) answers anyone holding a receipt's signed code: it
-- finds that sale or return by terminal and receipt number through this index instead of reading
-- every sale of the till, so one customer reloading the page cannot make HQ walk millions of rows.
-- Bodies are canonical JSON (their hash proves it), so the cast cannot fail. Additive only.
CREATE INDEX ledger_entries_receipt_no ON ledger_entries (terminal_id, (body::jsonb ->> 'receiptNo')) WHERE kind IN ('sale', 'return');
