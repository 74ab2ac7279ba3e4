package dev.reel.platform.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * A real single-node Kafka broker (KRaft) in a child JVM, from {@code reel-embedded-kafka.jar}.
 * Topics and records live in {@code dataDir}: starting again on the same directory finds them.
 */
public final class EmbeddedKafka extends EmbeddedServer {

    /**
     * RSS settles around 300-370 MB with this heap. A broker out of memory is useless: let it die
     * so the launcher sees it instead of a half-working broker.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    private EmbeddedKafka(ChildProcess child) {
        super(child);
    }

    /**
     * Starts the broker and returns once it accepts clients (about 3-4 s).
     *
     * @param port the client (PLAINTEXT) port; {@code controllerPort} is the KRaft controller's
     * @throws ChildProcessException if it does not get ready within 60 s
     */
    public static EmbeddedKafka start(Path dataDir, String host, int port, int controllerPort, Path logFile) {
        return start(dataDir, host, port, controllerPort, logFile, false);
    }

    /**
     * The same; with {@code stoppedByOwner}, the caller stops the broker on exit, after the
     * services that publish to it ({@link ChildProcess.Builder#stoppedByOwner()}).
     */
    public static EmbeddedKafka start(Path dataDir, String host, int port, int controllerPort, Path logFile,
            boolean stoppedByOwner) {
        ChildProcess.Builder builder = ChildProcess.builder(Jars.kafkaBroker())
                .name("kafka")
                .jvmOptions(JVM_OPTIONS)
                .args(List.of(dataDir.toAbsolutePath().toString(), host,
                        Integer.toString(port), Integer.toString(controllerPort)))
                .logFile(logFile)
                .readyKeyword("kafka");
        if (stoppedByOwner) {
            builder.stoppedByOwner();
        }
        return new EmbeddedKafka(builder.start());
    }

    /** {@code host:port}, as the broker announced it. */
    public String bootstrapServers() {
        return announced();
    }
}
