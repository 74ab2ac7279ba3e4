package dev.reel.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a TCP port that is free right now on the loopback interface. The port is released before
 * it is returned, so another process may take it in between: good enough for tests, not for
 * production.
 *
 * <p>The port comes from below the kernel's ephemeral range when it can: a port from inside it
 * (what binding port 0 gives) can be taken in the meantime as the local port of any outgoing
 * connection, and a platform makes hundreds of those while it starts, before its last service
 * binds.
 */
public final class FreePort {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 50;

    private FreePort() {
    }

    public static int find() {
        int below = ephemeralLow();
        for (int i = 0; i < ATTEMPTS && below - LOWEST >= 1_000; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try {
                return bind(port);
            } catch (IOException taken) {
                // Another one.
            }
        }
        try {
            return bind(0);
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port", e);
        }
    }

    /** Binds {@code port} (0: any) and releases it; answers its number. */
    private static int bind(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            // Lets the child bind the port at once even if our socket lingers in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket.getLocalPort();
        }
    }

    /**
     * The first port of the ephemeral range (Linux's default 32768 where it cannot be read).
     * Read by lines: {@code Files.readString} gave only the first character of this proc file.
     */
    static int ephemeralLow() {
        try {
            String range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
