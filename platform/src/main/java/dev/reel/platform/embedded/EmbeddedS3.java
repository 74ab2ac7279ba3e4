package dev.reel.platform.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * An S3-compatible server (S3Proxy on the filesystem) in a child JVM, from {@code
 * reel-embedded-s3.jar}. Buckets and objects live in {@code dataDir}: starting again on the same
 * directory finds them. Clients need path-style addressing and checksums only "when required".
 */
public final class EmbeddedS3 extends EmbeddedServer {

    /** Objects are streamed to disk, so a small heap does; idle RSS is about 120 MB. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    private EmbeddedS3(ChildProcess child) {
        super(child);
    }

    /**
     * Starts the server and returns once it serves requests (about 2 s). Only the given access key
     * and secret key are accepted (AWS signature v2 or v4).
     *
     * @throws ChildProcessException if it does not get ready within 60 s
     */
    public static EmbeddedS3 start(Path dataDir, String host, int port, String accessKey, String secretKey,
            Path logFile) {
        return start(dataDir, host, port, accessKey, secretKey, logFile, false);
    }

    /**
     * The same; with {@code stoppedByOwner}, the caller stops the server on exit, after the
     * services that use it ({@link ChildProcess.Builder#stoppedByOwner()}).
     */
    public static EmbeddedS3 start(Path dataDir, String host, int port, String accessKey, String secretKey,
            Path logFile, boolean stoppedByOwner) {
        ChildProcess.Builder builder = ChildProcess.builder(Jars.s3Server())
                .name("s3")
                .jvmOptions(JVM_OPTIONS)
                .args(List.of(dataDir.toAbsolutePath().toString(), host, Integer.toString(port)))
                // Through the environment, not the command line, so the secret is not shown by ps.
                .env("REEL_S3_ACCESS_KEY", accessKey)
                .env("REEL_S3_SECRET_KEY", secretKey)
                .logFile(logFile)
                .readyKeyword("s3");
        if (stoppedByOwner) {
            builder.stoppedByOwner();
        }
        return new EmbeddedS3(builder.start());
    }

    /** {@code http://host:port}, as the server announced it. */
    public String endpoint() {
        return announced();
    }
}
