package dev.reel.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, one combined broker + controller node) meant to run in its
 * own JVM, started by the platform's launcher for local development and tests.
 *
 * <p>Usage: {@code java -jar reel-embedded-kafka.jar <dataDir> <host> <port> <controllerPort>}
 *
 * <ul>
 *   <li>{@code dataDir}: created if missing. Holds {@code server.properties} (rewritten on every
 *       start from the arguments), {@code cluster.id} and the Kafka logs under {@code kraft/}.
 *       Starting again on the same directory keeps topics, records and committed offsets.
 *   <li>{@code host}: the address both listeners bind to and the one advertised to clients.
 *   <li>{@code port}: the PLAINTEXT listener for clients; {@code controllerPort}: the KRaft
 *       controller listener.
 * </ul>
 *
 * <p>When the broker serves requests it prints exactly one line {@code REEL-READY kafka
 * <host>:<port>} on stdout; everything else goes through SLF4J (log4j2, INFO, to stdout).
 *
 * <p>If the environment variable {@code REEL_PARENT_PID} is set, the process exits (cleanly,
 * through its shutdown hook) as soon as that process is gone, so a {@code kill -9} of the parent
 * leaves no orphan broker behind. SIGTERM stops the broker in about 1.5 s.
 */
public final class KafkaBrokerMain {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerMain.class);
    private static final String NODE_ID = "1";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            LOG.error("usage: KafkaBrokerMain <dataDir> <host> <port> <controllerPort>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);

        watchParent();
        // Kafka binds its client port only after the controller is up (5-10 s in): check first,
        // so a second instance fails at once and with one clear line.
        requireFreePort(host, port);
        requireFreePort(host, controllerPort);

        Path logDir = dataDir.resolve("kraft");
        Files.createDirectories(logDir);
        Properties props = serverProperties(host, port, controllerPort, logDir);
        Path propsFile = dataDir.resolve("server.properties");
        writeProperties(props, propsFile);
        formatIfNeeded(dataDir, logDir, propsFile);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server), "kafka-shutdown-hook"));
        try {
            // startup() returns once the broker is unfenced, i.e. it accepts produce/consume.
            server.startup();
        } catch (Throwable e) {
            // Kafka has logged the stack traces already; end the log with the root cause.
            LOG.error("Kafka broker failed to start: {}", rootCause(e));
            // Broker threads are not daemons: exit explicitly rather than hang half-started.
            System.exit(1);
        }
        System.out.println("REEL-READY kafka " + host + ":" + port);
        System.out.flush();
        server.awaitShutdown();
    }

    private static void requireFreePort(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            LOG.error("Kafka broker cannot listen on {}:{}: {}", host, port, e.getMessage());
            System.exit(1);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e) : e.getMessage() + " (caused by " + cause + ")";
    }

    /** A full configuration: StorageTool accepts no overrides, so the file must say everything. */
    static Properties serverProperties(String host, int port, int controllerPort, Path logDir) {
        String controller = host + ":" + controllerPort;
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", NODE_ID);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        // A static voter set, not a dynamic (--standalone) one: a dynamic quorum records the
        // controller endpoint in the metadata log, which ties the data dir to one port.
        p.put("controller.quorum.voters", NODE_ID + "@" + controller);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics default to RF 3; with one broker they are never created and consumer
        // group operations hang forever.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Tests want a consumer to get its partitions at once, not after 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are part of the platform's contract: a typo must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static void writeProperties(Properties props, Path file) throws IOException {
        StringBuilder text = new StringBuilder("# Written by KafkaBrokerMain on every start\n");
        new TreeMap<>(props).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Formats the log directory unless a previous run did. The cluster id is kept in
     * {@code dataDir/cluster.id} so that re-formatting a wiped log dir reuses the same id.
     */
    private static void formatIfNeeded(Path dataDir, Path logDir, Path propsFile) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            LOG.info("Storage in {} already formatted", logDir);
            return;
        }
        Path idFile = dataDir.resolve("cluster.id");
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile, StandardCharsets.UTF_8).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId + "\n", StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // execute() rather than main(): main() calls Exit.exit, which would end this JVM.
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString()}, ps);
        }
        String output = out.toString(StandardCharsets.UTF_8).trim();
        if (rc != 0) {
            throw new IllegalStateException("Formatting " + logDir + " failed (" + rc + "): " + output);
        }
        LOG.info("Formatted {} with cluster id {}", logDir, clusterId);
        LOG.debug("StorageTool said: {}", output);
    }

    private static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            LOG.info("Kafka broker stopped");
        } catch (Throwable e) {
            LOG.error("Kafka broker shutdown failed", e);
            // Same as kafka.Kafka: a hook that throws must not leave the JVM stuck.
            Runtime.getRuntime().halt(1);
        }
    }

    /** Exits when the process named by {@code REEL_PARENT_PID} dies, so no orphan survives it. */
    private static void watchParent() {
        String pid = System.getenv("REEL_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parentPid = Long.parseLong(pid.trim());
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            LOG.warn("Parent process {} is gone: stopping", parentPid);
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
