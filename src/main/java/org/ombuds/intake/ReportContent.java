package org.ombuds.intake;

import java.util.List;

/** Everything a reporter wrote, as it is sealed with the report's data key and opened for the committee. */
public record ReportContent(
        String description,
        String location,
        String evidence,
        String reportedName,
        List<String> reportedHandles,
        String reporterName,
        String reporterEmail,
        String contact) {
}
