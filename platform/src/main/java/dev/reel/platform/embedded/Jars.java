package dev.reel.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the runnable jars of the embedded servers inside the source tree. The project root is
 * the system property {@code reel.home} or, by default, the first directory at or above the
 * working directory that contains {@code embedded/kafka-broker} (so it works from the root as well
 * as from a module directory, where Maven runs tests).
 */
public final class Jars {

    public static final String HOME_PROPERTY = "reel.home";

    private static final String KAFKA_MODULE = "embedded/kafka-broker";
    private static final String S3_MODULE = "embedded/s3-server";

    private Jars() {
    }

    /** {@code embedded/kafka-broker/target/reel-embedded-kafka.jar} under the project root. */
    public static Path kafkaBroker() {
        return jar(KAFKA_MODULE, "reel-embedded-kafka.jar");
    }

    /** {@code embedded/s3-server/target/reel-embedded-s3.jar} under the project root. */
    public static Path s3Server() {
        return jar(S3_MODULE, "reel-embedded-s3.jar");
    }

    /** The project root: {@code reel.home} or the nearest ancestor holding the embedded modules. */
    public static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(KAFKA_MODULE))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Reel project root (a directory containing "
                + KAFKA_MODULE + ") at or above " + start + ": set -D" + HOME_PROPERTY + "=<project root>");
    }

    private static Path jar(String module, String name) {
        Path jar = home().resolve(module).resolve("target").resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -DskipTests package first");
        }
        return jar;
    }
}
