// The ledger's read models of a business day and of a drawer session, as reports read them.

export interface DayTotal {
  amount: number;
  count: number;
}

export interface DrawerSessionRecord {
  sessionId: string;
  businessDay: string;
  openedSeq: number;
  operatorId: string | null;
  float: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  paidOuts: number;
  pickups: number;
  otherOut: number;
  closedSeq: number | null;
  counted: number | null;
  expected: number | null;
  overShort: number | null;
  cosignSeq: number | null;
}

export interface BusinessDayRecord {
  businessDay: string;
  firstSeq: number;
  lastSeq: number;
  zSeq: number | null;
  zNo: number | null;
}
