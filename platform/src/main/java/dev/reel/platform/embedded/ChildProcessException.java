package dev.reel.platform.embedded;

/** A child JVM failed to start, died before it was ready, or did not get ready in time. */
public final class ChildProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChildProcessException(String message) {
        super(message);
    }

    public ChildProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
