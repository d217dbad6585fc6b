package org.ombuds.support;

import com.icegreen.greenmail.util.ServerSetup;

/**
 * The ports of the mail tests' GreenMail servers: free ones, chosen once per JVM, so that two builds on one machine
 * (or two test JVMs) do not take the same fixed port. They are the same for every class, so that classes with the
 * same mail settings still share one Spring server: the settings name them as placeholders, {@code
 * ${ombuds.test.smtp-port}} and {@code ${ombuds.test.imap-port}}, which Spring resolves from these system properties.
 */
public final class MailPorts {
    public static final int SMTP = chosen("ombuds.test.smtp-port");
    public static final int IMAP = chosen("ombuds.test.imap-port");

    private MailPorts() {
    }

    public static ServerSetup smtp() {
        return new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    }

    public static ServerSetup[] smtpAndImap() {
        return new ServerSetup[] {smtp(), new ServerSetup(IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)};
    }

    private static int chosen(String property) {
        int port = Ports.free();
        System.setProperty(property, String.valueOf(port));
        return port;
    }
}
