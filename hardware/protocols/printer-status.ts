// The printer status the drivers and the till work with, whichever command set reported it
// (ESC/POS: escpos/status.ts; Star Line Mode: star-line/status.ts).

/** What the till needs to know about the printer, from DLE EOT replies or an ASB message. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /**
   * Raw level of drawer kick-out connector pin 3 (the drawer sensor): true = HIGH. Whether
   * HIGH means open depends on the drawer model; the drawer adapter applies the configured
   * polarity. Do not show this to a cashier as is.
   */
  drawerOpen: boolean;
  /** An error stopped the printer (cutter jam, head overheat, power fault...). */
  error: boolean;
}
