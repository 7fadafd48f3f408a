-- Gift cards across the chain (issue #15): every movement of a card's value that a till's ledger
-- records, one row per movement, so HQ knows each card's chain-wide balance as SUM(amount). A card
-- is named by its reference (a hash of its number): HQ never holds a number that could spend it.
-- Movements: 'issued' (+ value loaded), 'redeemed' (- paid with the card), 'refunded' (+ a return
-- put back onto it), 'voided' (+ a post-void of a sale that spent it). Additive only.
CREATE TABLE hq_giftcard_movements (
  terminal_id  text     NOT NULL,
  seq          bigint   NOT NULL,
  -- Several tenders of one entry may move the same card: their position in the entry.
  position     smallint NOT NULL,
  card_ref     text     NOT NULL CHECK (length(card_ref) = 64),
  last4        text     NOT NULL,
  movement     text     NOT NULL CHECK (movement IN ('issued', 'redeemed', 'refunded', 'voided')),
  amount       bigint   NOT NULL,
  -- The sale receipt a redemption paid (a post-void names it to put the value back).
  receipt_no   bigint,
  business_day date     NOT NULL,
  PRIMARY KEY (terminal_id, seq, position)
);
CREATE INDEX hq_giftcard_movements_by_card ON hq_giftcard_movements (card_ref);
