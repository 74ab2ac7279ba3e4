package dev.reel.platform.embedded;

/** A server of the embedded default (the Kafka broker, the S3 server) in a child JVM of its own. */
public abstract class EmbeddedServer implements AutoCloseable {

    private final ChildProcess child;

    EmbeddedServer(ChildProcess child) {
        this.child = child;
    }

    /** The address the server announced once ready. */
    String announced() {
        return child.readyValue();
    }

    public long pid() {
        return child.pid();
    }

    /** The process, to be told when it ends before it is stopped. */
    public ChildProcess child() {
        return child;
    }

    /** SIGTERM, then a kill after 15 s. Idempotent. */
    public void stop() {
        child.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
