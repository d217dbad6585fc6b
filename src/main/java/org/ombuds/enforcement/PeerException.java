package org.ombuds.enforcement;

/**
 * A peer refused or could not be reached. The message is shown on the sanction's enforcement status, so it says
 * what the peer answered (status and its words), never report content. {@code retryable}: a timeout, a 5xx or a
 * rate limit (tried again later); a refusal that repeating cannot fix (bad credentials, 404) is not, but is
 * still retried with the longest backoff, in case someone fixes the configuration.
 */
public class PeerException extends Exception {
    private final boolean retryable;

    public PeerException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
        this.retryable = true;
    }

    public boolean retryable() {
        return retryable;
    }
}
