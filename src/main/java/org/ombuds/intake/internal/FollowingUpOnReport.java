package org.ombuds.intake.internal;

import org.ombuds.intake.ReceiptView;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RateLimits;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reporter following up with their receipt: reading where the report stands and the committee's messages, and
 * replying. The receipt is all they hold, so guessing one must stay expensive.
 */
@Component
public class FollowingUpOnReport {
    private final ReportRecords records;
    private final RateLimits limits;

    FollowingUpOnReport(ReportRecords records, RateLimits limits) {
        this.records = records;
        this.limits = limits;
    }

    /** The reporter's view. Unknown and wrong codes get the same answer and are counted against the client. */
    public ReceiptView follow(String receipt, String client) {
        ReportRecords.Report report = byReceipt(receipt, client);
        return new ReceiptView(report.status(), report.receivedAt(), report.category(), records.messages(report), report.purgedAt());
    }

    @Transactional
    public void reply(String receipt, String body, String client) {
        ReportRecords.Report report = byReceipt(receipt, client);
        limits.take("receipt-messages", client);
        if (report.purgedAt() != null) {
            throw new ConflictException("body", "this report's records were deleted under the retention policy, so the conversation"
                    + " is closed; to raise something new, send a new report", "purged");
        }
        records.addMessage(report, "reporter", null, body);
    }

    private ReportRecords.Report byReceipt(String receipt, String client) {
        // Before the lookup: a client over the limit learns nothing, not even that a guess was right.
        limits.check("receipt-misses", client);
        return records.byReceipt(receipt).orElseThrow(() -> {
            limits.take("receipt-misses", client);
            return new NotFoundException("no report matches this receipt; check the code and try again");
        });
    }
}
