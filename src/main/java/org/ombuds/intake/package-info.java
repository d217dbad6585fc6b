/**
 * Reports: the form and the API, anonymous receipts and the follow-up messages between reporter and committee, email
 * intake and attachments, all sealed before they reach the database. Publishes {@code ReportReceived} once a report is
 * committed. Owns the tables {@code report}, {@code report_attachment}, {@code report_claim} and {@code report_message}.
 */
@ApplicationModule(allowedDependencies = {"coc", "community", "crypto", "platform"})
package org.ombuds.intake;

import org.springframework.modulith.ApplicationModule;
