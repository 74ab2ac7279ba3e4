package dev.reel.common.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the bytes of an upload reached storage. */
public enum UploadMode {
  SINGLE("single"),
  FORM("form"),
  TUS("tus"),
  PRESIGNED("presigned");

  private final String wireName;

  UploadMode(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
