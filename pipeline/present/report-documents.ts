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

/** A chapter or section of a district report as plain text, for the site's search. */
export interface ReportSectionText {
  /** Anchor id in the district report's page. */
  id: string;
  title: string;
  text: string;
}

export interface YearReports {
  year: number;
  /** The district report's name: `2023年度实施评估报告`, `实施情况总结评估报告`. */
  name: string;
  district: ReportDocument;
  /** Its chapters and sections (two levels), as text. */
  sections: ReportSectionText[];
  /** Every heading id of the district report (anchors a link may point at). */
  anchors: string[];
  /** Town code → its report, only towns with at least one file. */
  towns: Map<string, ReportDocument>;
}
