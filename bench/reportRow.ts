// One row of the table `npm run bench` prints and writes to .bench/report.json, whichever part measured it.

export interface ReportRow {
  section: string;
  measure: string;
  target: string;
  actual: string;
  ratio: string;
  /** undefined: measured without a target. */
  pass: boolean | undefined;
  /** For a missed target: how far off, as a factor of the limit. */
  missBy?: string;
}
