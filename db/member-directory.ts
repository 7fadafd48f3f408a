import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Member } from '../core/sales/member.ts';
import type { MemberDirectory } from '../core/ports/member-directory.ts';
import { checkText, currentVersion, invalid, recordVersion, requireTransaction, type SectionChange } from './master-data-shared.ts';

// Members (tiers, app token secrets, cards) in the terminal's SQLite file: the MemberDirectory
// port and its writer.

const TIER = /^[a-z][a-z0-9-]{0,31}$/;
const MEMBER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const CARD = /^[A-Za-z0-9-]{4,64}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

function normalizeSecret(secret: string): string {
  return secret.toUpperCase().replace(/\s+/g, '').replace(/=+$/, '');
}

function checkMember(m: Member): Member {
  if (!MEMBER_ID.test(m.memberId))
    invalid(`member id "${m.memberId}" is not letters, digits, ".", "_" or "-" (up to 64)`, { memberId: m.memberId });
  const name = checkText(`member ${m.memberId}: name`, m.name, 100);
  if (!TIER.test(m.tier)) invalid(`member ${m.memberId}: tier "${m.tier}" is not a tier name`, { memberId: m.memberId });
  const tokenSecret = normalizeSecret(m.tokenSecret);
  if (!/^[A-Z2-7]{16,128}$/.test(tokenSecret))
    invalid(`member ${m.memberId}: token secret is not base32 of at least 80 bits`, { memberId: m.memberId });
  if (m.email !== null && !EMAIL.test(m.email))
    invalid(`member ${m.memberId}: "${m.email}" is not an e-mail address`, { memberId: m.memberId });
  const cards = m.cardNumbers.map((c) => c.normalize('NFKC').trim());
  for (const c of cards)
    if (!CARD.test(c)) invalid(`member ${m.memberId}: card "${c}" is not 4 to 64 letters, digits or "-"`, { memberId: m.memberId });
  if (new Set(cards).size !== cards.length) invalid(`member ${m.memberId}: a card number is listed twice`, { memberId: m.memberId });
  return { memberId: m.memberId, name, tier: m.tier, tokenSecret, cardNumbers: cards, email: m.email, active: m.active };
}

const MEMBER_COLUMNS = `m.member_id AS memberId, m.name, m.tier, m.token_secret AS tokenSecret, m.email, m.active,
  (SELECT json_group_array(c.card_number) FROM (SELECT card_number FROM member_cards WHERE member_id = m.member_id ORDER BY position) c) AS cards`;

/** The hot member lookups, named so a test can assert their query plans use the indexes. */
export const MEMBER_LOOKUPS = {
  memberById: `SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.member_id = ?`,
  membersByName: `SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.active = 1 AND instr(lower(m.name), lower(?)) > 0 ORDER BY m.member_id LIMIT ?`,
  memberByCard: `SELECT ${MEMBER_COLUMNS} FROM member_cards k JOIN members m ON m.member_id = k.member_id WHERE k.card_number = ? AND m.active = 1`,
} as const;

interface MemberRow {
  memberId: string;
  name: string;
  tier: string;
  tokenSecret: string;
  email: string | null;
  active: number;
  cards: string;
}

function rowToMember(r: MemberRow): Member {
  const cardNumbers = JSON.parse(r.cards) as string[];
  return {
    memberId: r.memberId,
    name: r.name,
    tier: r.tier,
    tokenSecret: r.tokenSecret,
    cardNumbers,
    email: r.email,
    active: r.active === 1,
  };
}

function memberForm(m: Member): string {
  return JSON.stringify([m.memberId, m.name, m.tier, m.tokenSecret, m.email, m.active, m.cardNumbers]);
}

/**
 * Inserts or updates members (members not listed are left alone). A card listed for a member
 * moves to it from whoever held it. Runs inside the caller's transaction; a new members version
 * is recorded when anything changed. Digest: SHA-256 over one JSON line per member
 * ([id, name, tier, secret, email, active, cards]) in member_id order.
 */
export function upsertMembers(db: Database.Database, members: readonly Member[]): SectionChange {
  requireTransaction(db, 'upsertMembers');
  const checked = members.map(checkMember);
  const ids = new Set<string>();
  const cards = new Map<string, string>();
  for (const m of checked) {
    if (ids.has(m.memberId)) invalid(`member ${m.memberId} is listed twice`, { memberId: m.memberId });
    ids.add(m.memberId);
    for (const c of m.cardNumbers) {
      const other = cards.get(c);
      if (other !== undefined) invalid(`card ${c} is listed for both ${other} and ${m.memberId}`, { memberId: m.memberId });
      cards.set(c, m.memberId);
    }
  }
  return db.transaction((): SectionChange => {
    const load = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.member_id = ?`);
    const upsert = db.prepare(`INSERT INTO members (member_id, name, tier, token_secret, email, active)
      VALUES (@memberId, @name, @tier, @tokenSecret, @email, @active)
      ON CONFLICT (member_id) DO UPDATE SET name = excluded.name, tier = excluded.tier, token_secret = excluded.token_secret, email = excluded.email,
        active = excluded.active`);
    const dropCards = db.prepare('DELETE FROM member_cards WHERE member_id = ?');
    const dropCard = db.prepare('DELETE FROM member_cards WHERE card_number = ?');
    const addCard = db.prepare('INSERT INTO member_cards (card_number, member_id, position) VALUES (?, ?, ?)');
    let inserted = 0;
    let updated = 0;
    let deactivated = 0;
    for (const m of checked) {
      const before = load.get(m.memberId) as MemberRow | undefined;
      if (before && memberForm(rowToMember(before)) === memberForm(m)) continue;
      upsert.run({ ...m, active: m.active ? 1 : 0 });
      dropCards.run(m.memberId);
      m.cardNumbers.forEach((card, i) => {
        dropCard.run(card);
        addCard.run(card, m.memberId, i);
      });
      if (!before) inserted++;
      else if (before.active === 1 && !m.active) deactivated++;
      else updated++;
    }
    const previous = currentVersion(db, 'members');
    if (inserted + updated + deactivated === 0) {
      return { section: 'members', inserted, updated, deactivated, version: previous.version, digest: previous.digest };
    }
    const { digest, rows } = membersDigest(db);
    const change: SectionChange = { section: 'members', inserted, updated, deactivated, version: previous.version + 1, digest };
    recordVersion(db, change, rows);
    return change;
  })();
}

/** The members section's digest as the tables hold it now (the check against the ledger's record uses it too). */
export function membersDigest(db: Database.Database): { digest: string; rows: number } {
  const h = createHash('sha256');
  let rows = 0;
  for (const r of db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members m ORDER BY m.member_id`).iterate() as IterableIterator<MemberRow>) {
    h.update(`${memberForm(rowToMember(r))}\n`);
    rows++;
  }
  return { digest: h.digest('hex'), rows };
}

/** The member port. `byCard` (identifying a customer at the till) only returns active members. */
export class SqliteMemberDirectory implements MemberDirectory {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      byId: db.prepare(MEMBER_LOOKUPS.memberById),
      byCard: db.prepare(MEMBER_LOOKUPS.memberByCard),
      byName: db.prepare(MEMBER_LOOKUPS.membersByName),
    };
  }

  byId(memberId: string): Member | undefined {
    const r = this.s.byId.get(memberId) as MemberRow | undefined;
    return r ? rowToMember(r) : undefined;
  }

  byCard(cardNumber: string): Member | undefined {
    const r = this.s.byCard.get(cardNumber.normalize('NFKC').trim()) as MemberRow | undefined;
    return r ? rowToMember(r) : undefined;
  }

  searchByName(fragment: string, limit: number): Member[] {
    return (this.s.byName.all(fragment, limit) as MemberRow[]).map(rowToMember);
  }
}
