package dev.reel.embedded.s3;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (S3Proxy on the local filesystem) meant to run in its own JVM, started
 * by the platform's launcher for local development and tests.
 *
 * <p>Usage: {@code java -jar reel-embedded-s3.jar <dataDir> <host> <port> [identity credential]}
 *
 * <ul>
 *   <li>{@code dataDir}: created if missing; buckets are directories under {@code
 *       dataDir/blobs}, so starting again on the same directory keeps every object.
 *   <li>{@code host}, {@code port}: where the HTTP endpoint listens ({@code 0} picks a free port).
 *   <li>{@code identity}, {@code credential}: the only accepted access key and secret key (AWS
 *       signature v2 or v4). When omitted they are read from the environment variables {@code
 *       REEL_S3_ACCESS_KEY} and {@code REEL_S3_SECRET_KEY}, which keeps the secret out of {@code
 *       ps} output.
 * </ul>
 *
 * <p>When the endpoint serves requests it prints exactly one line {@code REEL-READY s3
 * http://<host>:<port>} on stdout; everything else goes through SLF4J (logback, WARN).
 *
 * <p>If the environment variable {@code REEL_PARENT_PID} is set, the process exits as soon as
 * that process is gone, so a {@code kill -9} of the parent leaves no orphan server behind.
 */
public final class S3ServerMain {

    /** Origins allowed to use presigned URLs from a browser; see {@link #cors}. */
    private static final String CORS_ORIGINS = "REEL_S3_CORS_ORIGINS";

    private static final Logger LOG = LoggerFactory.getLogger(S3ServerMain.class);

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 5) {
            LOG.error("usage: S3ServerMain <dataDir> <host> <port> [identity credential]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String identity = args.length == 5 ? args[3] : requiredEnv("REEL_S3_ACCESS_KEY");
        String credential = args.length == 5 ? args[4] : requiredEnv("REEL_S3_SECRET_KEY");

        watchParent();

        Path baseDir = dataDir.resolve("blobs");
        // The filesystem-nio2 store refuses to start on a missing base directory.
        Files.createDirectories(baseDir);
        Properties props = properties(host, port, baseDir, identity, credential);

        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials(identity, credential)
                .modules(List.of(new SLF4JLoggingModule()))
                .overrides(props)
                .build(BlobStoreContext.class);
        S3Proxy proxy = build(props, context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, context), "s3-shutdown-hook"));
        try {
            proxy.start();
        } catch (Exception e) {
            LOG.error("S3 server failed to start on {}:{}", host, port, e);
            // Jetty threads are not daemons: exit explicitly rather than hang half-started.
            System.exit(1);
        }
        // getPort() is the bound port, which differs from the argument when it was 0.
        System.out.println("REEL-READY s3 http://" + host + ":" + proxy.getPort());
        System.out.flush();
    }

    /** The same keys S3Proxy's own Main reads from its properties file. */
    static Properties properties(String host, int port, Path baseDir, String identity, String credential) {
        Properties p = new Properties();
        // filesystem-nio2, not filesystem: the old provider lists fake directory entries and
        // multipart leftovers.
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        p.setProperty("s3proxy.endpoint", "http://" + host + ":" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", identity);
        p.setProperty("s3proxy.credential", credential);
        // The AWS SDK's transfer manager sends headers (x-amz-mp-object-size) S3Proxy would refuse.
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        cors(p, Optional.ofNullable(System.getenv(CORS_ORIGINS)).orElse("*"));
        return p;
    }

    /**
     * CORS for web pages that use presigned URLs: a page PUTting an upload's bytes (and reading
     * each part's {@code ETag}), or a player following delivery's {@code redirect=presigned} to
     * fetch segments, with {@code Range}, straight from this server. A bucket on AWS or MinIO is
     * given such a rule by its owner; S3Proxy takes it from its properties. {@code origins}: comma
     * separated, {@code *} for any, empty for none.
     */
    static void cors(Properties p, String origins) {
        List<String> listed = Arrays.stream(origins.split(","))
                .map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        if (listed.isEmpty()) {
            return;
        }
        // Patterns to S3Proxy, so quoted: the dots of a host name are not "any character".
        p.setProperty("s3proxy.cors-allow-origins", listed.contains("*") ? "*"
                : listed.stream().map(Pattern::quote).collect(Collectors.joining(" ")));
        p.setProperty("s3proxy.cors-allow-methods", "GET HEAD PUT POST");
        p.setProperty("s3proxy.cors-allow-headers", "*");
        p.setProperty("s3proxy.cors-exposed-headers",
                "ETag Content-Length Content-Range Accept-Ranges Last-Modified");
    }

    private static S3Proxy build(Properties props, BlobStoreContext context) throws URISyntaxException {
        try {
            return S3Proxy.Builder.fromProperties(props).blobStore(context.getBlobStore()).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.error("Invalid S3 server settings: {}", e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    private static void stop(S3Proxy proxy, BlobStoreContext context) {
        try {
            proxy.stop();
            LOG.info("S3 server stopped");
        } catch (Exception e) {
            LOG.warn("S3 server did not stop cleanly", e);
        } finally {
            context.close();
        }
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            LOG.error("Missing credentials: pass identity and credential as arguments or set {}", name);
            System.exit(2);
        }
        return value;
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
