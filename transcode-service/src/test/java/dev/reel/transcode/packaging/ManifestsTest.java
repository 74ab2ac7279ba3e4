package dev.reel.transcode.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.Rendition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ManifestsTest {

  private static final String PLAYLIST = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:4
      #EXT-X-MEDIA-SEQUENCE:0
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:4.000000,
      seg_00000.m4s
      #EXTINF:4.000000,
      seg_00001.m4s
      #EXTINF:2.033333,
      seg_00002.m4s
      #EXT-X-ENDLIST
      """;

  private static LandedRendition video(String name, int w, int h, long... sizes) {
    return new LandedRendition(name, Rendition.VIDEO, w, h, 29.97, 0, 0, "avc1.64001f",
        MediaPlaylist.parse(PLAYLIST), java.util.Arrays.stream(sizes).boxed().toList());
  }

  private static LandedRendition audio() {
    return new LandedRendition("audio", Rendition.AUDIO, 0, 0, 0, 2, 48000, "mp4a.40.2",
        MediaPlaylist.parse(PLAYLIST), List.of(64_000L, 64_000L, 32_000L));
  }

  @Test
  @DisplayName("a media playlist's init segment and timed segments are read; unfinished ones "
      + "are refused")
  void parsesPlaylist() {
    MediaPlaylist playlist = MediaPlaylist.parse(PLAYLIST);
    assertEquals("init.mp4", playlist.initUri());
    assertEquals(3, playlist.segments().size());
    assertEquals(10.033333, playlist.durationSeconds(), 1e-9);
    assertThrows(IllegalArgumentException.class,
        () -> MediaPlaylist.parse(PLAYLIST.replace("#EXT-X-ENDLIST", "")));
  }

  @Test
  @DisplayName("BANDWIDTH is the peak segment rate plus audio's, AVERAGE-BANDWIDTH the mean")
  void bandwidths() {
    LandedRendition v = video("360p", 640, 360, 400_000, 500_000, 100_000);
    assertEquals(1_000_000, v.peakBandwidth());
    assertEquals(Math.round(1_000_000 * 8 / 10.033333), v.averageBandwidth());
    String master = Manifests.hlsMaster(List.of(audio(), v));
    assertTrue(master.contains("BANDWIDTH=" + (1_000_000 + 128_000) + ","), master);
    assertTrue(master.contains("CODECS=\"avc1.64001f,mp4a.40.2\""), master);
    assertTrue(master.contains("RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO=\"audio\""),
        master);
    assertTrue(master.contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Main\","
        + "DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"cmaf/audio/index.m3u8\""), master);
  }

  @Test
  @DisplayName("variants are listed from the lowest bit rate up")
  void order() {
    String master = Manifests.hlsMaster(List.of(video("720p", 1280, 720, 900_000, 900_000,
        400_000), video("360p", 640, 360, 300_000, 300_000, 100_000)));
    assertTrue(master.indexOf("cmaf/360p/") < master.indexOf("cmaf/720p/"), master);
    assertTrue(!master.contains("AUDIO="), "no audio group without audio");
  }

  @Test
  @DisplayName("the MPD is valid XML with a timeline that adds up to the playlist")
  void mpd() throws Exception {
    String mpd = Manifests.dashMpd(List.of(video("360p", 640, 360, 1, 1, 1), audio()));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(mpd.getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    assertEquals("static", root.getAttribute("type"));
    assertEquals("PT10.033S", root.getAttribute("mediaPresentationDuration"));
    assertEquals(2, doc.getElementsByTagName("AdaptationSet").getLength());
    Element template = (Element) doc.getElementsByTagName("SegmentTemplate").item(0);
    assertEquals("cmaf/360p/seg_$Number%05d$.m4s", template.getAttribute("media"));
    assertEquals("cmaf/360p/init.mp4", template.getAttribute("initialization"));
    assertEquals("0", template.getAttribute("startNumber"));
    Element first = (Element) template.getElementsByTagName("S").item(0);
    assertEquals("0", first.getAttribute("t"));
    assertEquals("4000", first.getAttribute("d"));
    assertEquals("1", first.getAttribute("r"));
    Element last = (Element) template.getElementsByTagName("S").item(1);
    assertEquals("2033", last.getAttribute("d"));
    Element rep = (Element) doc.getElementsByTagName("Representation").item(0);
    assertEquals("30000/1001", rep.getAttribute("frameRate"));
    assertEquals("avc1.64001f", rep.getAttribute("codecs"));
  }

  @Test
  @DisplayName("frame rates are written as DASH wants them")
  void frameRates() {
    assertEquals("24000/1001", Manifests.frameRate(23.976));
    assertEquals("25", Manifests.frameRate(25));
    assertEquals("60000/1001", Manifests.frameRate(59.94));
    assertEquals("12500/1000", Manifests.frameRate(12.5));
  }

  @Test
  @DisplayName("codecs strings come from the init segment's avcC and esds boxes")
  void codecs() {
    byte[] avc = {0, 0, 0, 16, 'a', 'v', 'c', 'C', 1, 0x64, 0x00, 0x1f, (byte) 0xff, 0, 0, 0};
    assertEquals("avc1.64001f", Mp4Codecs.of(avc));
    // esds: version/flags, ES_Descriptor(3) > DecoderConfig(4, objectType 0x40) > DSI(5: AAC LC)
    byte[] esds = {0, 0, 0, 40, 'e', 's', 'd', 's', 0, 0, 0, 0,
        0x03, 0x19, 0, 1, 0,
        0x04, 0x11, 0x40, 0x15, 0, 0, 0, 0, 1, (byte) 0xf4, 0, 0, 1, (byte) 0xf4, 0,
        0x05, 0x02, 0x11, (byte) 0x90, 0, 0, 0, 0};
    assertEquals("mp4a.40.2", Mp4Codecs.of(esds));
  }

  @Test
  @DisplayName("the storyboard covers the whole duration in at most 100 tiles")
  void storyboard() {
    Storyboard short16x9 = Storyboard.plan(6, 854, 480);
    assertEquals(6, short16x9.tiles());
    assertEquals(160, short16x9.tileWidth());
    assertEquals(90, short16x9.tileHeight());
    String vtt = short16x9.webVtt("storyboard.jpg");
    assertTrue(vtt.contains("00:00:05.000 --> 00:00:06.000\nstoryboard.jpg#xywh=800,0,160,90"),
        vtt);
    Storyboard hour = Storyboard.plan(3600, 1080, 1920);
    assertTrue(hour.tiles() <= Storyboard.MAX_TILES);
    assertEquals(36, hour.intervalSeconds(), 1e-9);
    assertEquals(90, hour.tileWidth());
    assertTrue(hour.webVtt("s.jpg").contains("00:59:24.000 --> 01:00:00.000\ns.jpg#xywh=810,"
        + (9 * 160) + ",90,160"), hour.webVtt("s.jpg"));
  }
}
