package dev.reel.common.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an asset is in its life, as far as the events tell. */
public enum AssetState {
  UPLOADED, TRANSCODING, READY, FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
