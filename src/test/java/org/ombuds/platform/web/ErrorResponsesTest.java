package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the server logs of a request that failed unexpectedly. */
class ErrorResponsesTest {

    @Test
    void theErrorLogNamesThePathWithoutTheReceiptOrAppealLinkItCarries() {
        String link = "oap_r_9DYdzKfuCqAGCoR6L9-_pDQPfNaP-ccZbjbUa2tlM";
        String receipt = "3VMC2-9K8QK-XZWF4-0Y9JK-MN35K";
        assertThat(ErrorResponses.loggable("/appeal/" + link)).isEqualTo("/appeal/…");
        assertThat(ErrorResponses.loggable("/api/v1/appeals/by-link/" + link + "/messages")).isEqualTo("/api/v1/appeals/by-link/…/messages");
        assertThat(ErrorResponses.loggable("/api/v1/receipts/" + receipt + "/messages")).isEqualTo("/api/v1/receipts/…/messages");
        assertThat(ErrorResponses.loggable("/staff/cases/abc")).isEqualTo("/staff/cases/abc");
        assertThat(ErrorResponses.loggable(null)).isEmpty();
    }
}
