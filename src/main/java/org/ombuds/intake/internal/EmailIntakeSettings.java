package org.ombuds.intake.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The committee mailbox polled over IMAP (OMBUDS_IMAP_*); no host means no email intake. */
@ConfigurationProperties("ombuds.intake.imap")
record EmailIntakeSettings(String host, Integer port, String user, String password, String folder, Boolean ssl,
                           Duration pollInterval) {
    EmailIntakeSettings {
        if (folder == null || folder.isBlank()) folder = "INBOX";
        if (ssl == null) ssl = true;
        if (port == null) port = ssl ? 993 : 143;
        if (pollInterval == null) pollInterval = Duration.ofMinutes(1);
    }

    boolean enabled() {
        return host != null && !host.isBlank();
    }
}
