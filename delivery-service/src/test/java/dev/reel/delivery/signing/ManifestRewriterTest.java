package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.delivery.signing.ManifestRewriter.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManifestRewriterTest {

  private static final String TOKEN = "Policy=eyJ~_&Signature=ab-c&Key-Pair-Id=K1";

  @Test
  @DisplayName("the kind of file comes from its name")
  void kinds() {
    assertEquals(Optional.of(Kind.HLS), Kind.of("index.m3u8"));
    assertEquals(Optional.of(Kind.DASH), Kind.of("manifest.mpd"));
    assertEquals(Optional.of(Kind.WEBVTT), Kind.of("storyboard.vtt"));
    assertEquals(Optional.empty(), Kind.of("seg_00001.m4s"));
  }

  @Test
  @DisplayName("an HLS master playlist: variant URI lines and URI attributes get the token")
  void hlsMaster() {
    String master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",URI="cmaf/audio/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"
        cmaf/360p/index.m3u8
        """;
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",URI="cmaf/audio/index.m3u8?%1$s"
        #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"
        cmaf/360p/index.m3u8?%1$s
        """.formatted(TOKEN), ManifestRewriter.rewrite(Kind.HLS, master, TOKEN));
  }

  @Test
  @DisplayName("an HLS media playlist: the init segment and each media segment get the token; "
      + "CRLF line ends and blank lines stay")
  void hlsMedia() {
    String media = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n\r\n#EXTINF:4.0,\r\n"
        + "seg_00000.m4s\r\n#EXTINF:2.0,\r\nseg_00001.m4s?v=2\r\n#EXT-X-ENDLIST";
    assertEquals("#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4?" + TOKEN + "\"\r\n\r\n#EXTINF:4.0,\r\n"
        + "seg_00000.m4s?" + TOKEN + "\r\n#EXTINF:2.0,\r\nseg_00001.m4s?v=2&" + TOKEN
        + "\r\n#EXT-X-ENDLIST", ManifestRewriter.rewrite(Kind.HLS, media, TOKEN));
  }

  @Test
  @DisplayName("absolute URIs, to this host or any other, are left alone")
  void absoluteUntouched() {
    String playlist = "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k\"\n"
        + "https://cdn.example/seg.m4s\n//cdn.example/seg2.m4s\ndata:text/plain,x\n";
    assertEquals(playlist, ManifestRewriter.rewrite(Kind.HLS, playlist, TOKEN));
  }

  @Test
  @DisplayName("a DASH MPD: initialization and media templates get the token, XML-escaped")
  void dash() {
    String mpd = """
        <MPD><Period><AdaptationSet><Representation id="360p">
          <SegmentTemplate timescale="1000" initialization="cmaf/360p/init.mp4" \
        media="cmaf/360p/seg_$Number%05d$.m4s" startNumber="0"/>
          <SegmentList><SegmentURL media='a.m4s' mediaRange="0-99"/></SegmentList>
          <BaseURL>cmaf/</BaseURL><BaseURL>single.mp4</BaseURL>
        </Representation></AdaptationSet></Period></MPD>
        """;
    String escaped = TOKEN.replace("&", "&amp;");
    assertEquals("""
        <MPD><Period><AdaptationSet><Representation id="360p">
          <SegmentTemplate timescale="1000" initialization="cmaf/360p/init.mp4?%1$s" \
        media="cmaf/360p/seg_$Number%%05d$.m4s?%1$s" startNumber="0"/>
          <SegmentList><SegmentURL media='a.m4s?%1$s' mediaRange="0-99"/></SegmentList>
          <BaseURL>cmaf/</BaseURL><BaseURL>single.mp4?%1$s</BaseURL>
        </Representation></AdaptationSet></Period></MPD>
        """.formatted(escaped), ManifestRewriter.rewrite(Kind.DASH, mpd, TOKEN));
  }

  @Test
  @DisplayName("a DASH MPD: index and bitstream switching URLs get the token too; "
      + "bitstreamSwitching as a boolean and indexRange are left alone")
  void dashIndexAndBitstreamSwitching() {
    String mpd = """
        <MPD><Period bitstreamSwitching="true"><AdaptationSet bitstreamSwitching='false'>
          <SegmentTemplate media="s_$Number$.m4s" index="s_$Number$.sidx" \
        bitstreamSwitching="bs.mp4"/>
          <SegmentList><SegmentURL media="a.m4s" index="a.sidx"/></SegmentList>
          <SegmentBase indexRange="0-99"><RepresentationIndex sourceURL="i.sidx"/></SegmentBase>
        </AdaptationSet></Period></MPD>
        """;
    String escaped = TOKEN.replace("&", "&amp;");
    assertEquals("""
        <MPD><Period bitstreamSwitching="true"><AdaptationSet bitstreamSwitching='false'>
          <SegmentTemplate media="s_$Number$.m4s?%1$s" index="s_$Number$.sidx?%1$s" \
        bitstreamSwitching="bs.mp4?%1$s"/>
          <SegmentList><SegmentURL media="a.m4s?%1$s" index="a.sidx?%1$s"/></SegmentList>
          <SegmentBase indexRange="0-99"><RepresentationIndex sourceURL="i.sidx?%1$s"/>\
        </SegmentBase>
        </AdaptationSet></Period></MPD>
        """.formatted(escaped), ManifestRewriter.rewrite(Kind.DASH, mpd, TOKEN));
  }

  @Test
  @DisplayName("a WebVTT thumbnail track: image cues get the token before their #xywh fragment")
  void webvtt() {
    String vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nstoryboard.jpg#xywh=0,0,160,90\n\n"
        + "00:00:04.000 --> 00:00:08.000\nA caption, not a link.\n";
    assertEquals("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nstoryboard.jpg?" + TOKEN
        + "#xywh=0,0,160,90\n\n00:00:04.000 --> 00:00:08.000\nA caption, not a link.\n",
        ManifestRewriter.rewrite(Kind.WEBVTT, vtt, TOKEN));
  }

  @Test
  @DisplayName("the directory that holds what a manifest names: cmaf/ for a master playlist and "
      + "an MPD, the playlist's own for a variant, the track's own for a storyboard")
  void namedDirectory() {
    String master = """
        #EXTM3U
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",URI="cmaf/audio/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO="audio"
        cmaf/360p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=2900000,AUDIO="audio"
        cmaf/720p/index.m3u8
        """;
    assertEquals(Optional.of("cmaf/"), ManifestRewriter.namedDirectory(Kind.HLS, master));
    String variant = """
        #EXTM3U
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:4.0,
        seg_00000.m4s
        #EXTINF:4.0,
        seg_00001.m4s?v=1
        """;
    assertEquals(Optional.of(""), ManifestRewriter.namedDirectory(Kind.HLS, variant));
    String mpd = """
        <MPD><Period><AdaptationSet>
          <Representation id="360p"><SegmentTemplate initialization="cmaf/360p/init.mp4" \
        media="cmaf/$RepresentationID$/seg_$Number%05d$.m4s"/></Representation>
          <Representation id="720p"><SegmentTemplate initialization="cmaf/720p/init.mp4" \
        media="cmaf/720p/seg_$Number%05d$.m4s"/></Representation>
        </AdaptationSet></Period></MPD>
        """;
    assertEquals(Optional.of("cmaf/"), ManifestRewriter.namedDirectory(Kind.DASH, mpd));
    assertEquals(Optional.of(""), ManifestRewriter.namedDirectory(Kind.DASH,
        "<MPD><BaseURL>cmaf/</BaseURL><SegmentTemplate media='720p/s_$Number$.m4s'/></MPD>"));
    assertEquals(Optional.of(""), ManifestRewriter.namedDirectory(Kind.WEBVTT,
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nstoryboard.jpg#xywh=0,0,160,90\n"));
    assertEquals(Optional.of(""), ManifestRewriter.namedDirectory(Kind.HLS, "#EXTM3U\n"));
  }

  @Test
  @DisplayName("a manifest with a name that could lead out of its directory (.., an absolute "
      + "path, an encoding) has no named directory; absolute URLs are not delivery's and do not "
      + "count")
  void namesLeadingOut() {
    for (String name : List.of("../720p/seg_1.m4s", "cmaf/../../x.m4s", "/v1/media/x/source",
        "cmaf/%2e%2e/x.m4s", "./seg.m4s")) {
      assertEquals(Optional.empty(), ManifestRewriter.namedDirectory(Kind.HLS,
          "#EXTM3U\ncmaf/720p/seg_0.m4s\n" + name + "\n"), name);
    }
    assertEquals(Optional.of("cmaf/720p/"), ManifestRewriter.namedDirectory(Kind.HLS,
        "#EXTM3U\ncmaf/720p/seg_0.m4s\nhttps://cdn.example.com/ad.m4s\n//x.example/y.m4s\n"));
  }
}
