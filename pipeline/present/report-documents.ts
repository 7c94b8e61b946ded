/**
 * The reports a build wrote, as the report stage hands them on (to the site and the
 * build summary): for each year the district report and each town's, with site-relative
 * paths of the page and, when printed, of the PDF offered next to it.
 */

export interface ReportDocument {
  /** Site-relative paths; null when the file was not written. */
  html: string | null;
  pdf: string | null;
}

export interface YearReports {
  year: number;
  district: ReportDocument;
  /** Town code → its report, only towns with at least one file. */
  towns: Map<string, ReportDocument>;
}
