package dev.reel.platform.embedded;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the complete lines appended to a file since the last call, starting at an offset. The
 * log file is shared by successive runs of a child, so reading from the offset where this run
 * began keeps an old ready line from being taken for a new one.
 */
final class LogReader implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    /** Bytes of a line whose end has not been written yet. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;

    LogReader(Path file, long offset) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.position = offset;
    }

    List<String> newLines() throws IOException {
        List<String> lines = new ArrayList<>();
        int read;
        while ((read = channel.read(buffer.clear(), position)) > 0) {
            position += read;
            byte[] bytes = buffer.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    lines.add(partial.toString(StandardCharsets.UTF_8).stripTrailing());
                    partial.reset();
                } else {
                    partial.write(bytes[i]);
                }
            }
        }
        return lines;
    }

    /** The last, not yet terminated line (a crash message may lack its newline). */
    String unterminated() {
        return partial.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
