package dev.reel.ingest.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** MPEG transport streams as muxers and capture cards write them, built byte by byte. */
public final class TransportStreams {

  private TransportStreams() {
  }

  /**
   * {@code packets} packets of {@code packetSize} bytes without their first {@code skip} bytes,
   * as a capture cut mid-packet is. 188 is plain TS; 192 is M2TS/BDAV, a 4-byte arrival
   * timestamp (2 copy-permission bits, 30 bits of 27 MHz clock) before each packet; 204 has 16
   * bytes of Reed-Solomon parity after each. Every packet is on one PID with its continuity
   * counter and random payload (in which 0x47 turns up as it does in real payload); every fourth
   * has an adaptation field filled with 0xFF stuffing, as one carrying a PCR or a short PES end
   * has. The same arguments give the same bytes.
   */
  public static byte[] of(int packetSize, int skip, int packets) {
    Random random = new Random(packetSize * 1000L + skip);
    ByteBuffer stream = ByteBuffer.allocate(packetSize * packets);
    for (int i = 0; i < packets; i++) {
      if (packetSize == 192) {
        stream.putInt((i * 4_000) & 0x3FFFFFFF);
      }
      byte[] packet = new byte[188];
      random.nextBytes(packet);
      packet[0] = 0x47;
      packet[1] = (byte) (i == 0 ? 0x41 : 0x01);
      packet[2] = 0x00;
      boolean stuffed = i % 4 == 0;
      packet[3] = (byte) ((stuffed ? 0x30 : 0x10) | (i & 0x0F));
      if (stuffed) {
        packet[4] = 120;
        packet[5] = 0x00;
        Arrays.fill(packet, 6, 5 + 120, (byte) 0xFF);
      }
      stream.put(packet);
      if (packetSize == 204) {
        byte[] parity = new byte[16];
        random.nextBytes(parity);
        stream.put(parity);
      }
    }
    return Arrays.copyOfRange(stream.array(), skip, stream.capacity());
  }
}
