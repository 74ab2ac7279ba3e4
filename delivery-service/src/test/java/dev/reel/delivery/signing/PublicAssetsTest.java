package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PublicAssetsTest {

  private static final String A = "01jh0000000000000000000aaa";
  private static final String B = "01jh0000000000000000000bbb";

  @Test
  @DisplayName("nothing is public unless configured")
  void noneByDefault() {
    assertFalse(PublicAssets.none().covers(A, "source"));
    assertFalse(PublicAssets.of(List.of()).covers(A, "master.m3u8"));
  }

  @Test
  @DisplayName("an asset id makes every file of that asset public, and no other asset's")
  void wholeAsset() {
    PublicAssets open = PublicAssets.of(List.of(A));
    assertTrue(open.covers(A, "source"));
    assertTrue(open.covers(A, "cmaf/360p/seg_00001.m4s"));
    assertFalse(open.covers(B, "source"));
  }

  @Test
  @DisplayName("a pattern makes a set of files public: every asset's thumbnails")
  void pattern() {
    PublicAssets thumbs = PublicAssets.of(List.of("*/thumbs/*"));
    assertTrue(thumbs.covers(A, "thumbs/poster.jpg"));
    assertTrue(thumbs.covers(B, "thumbs/storyboard.vtt"));
    assertFalse(thumbs.covers(A, "master.m3u8"));
  }

  @Test
  @DisplayName("'*' makes everything public")
  void everything() {
    assertTrue(PublicAssets.of(List.of("*")).covers(B, "source"));
  }
}
