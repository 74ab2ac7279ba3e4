package dev.reel.ingest.domain;

import java.util.Set;

/**
 * The media formats Reel accepts, each with the content type it is stored under and the
 * declared content types that are honest names for it.
 */
public enum MediaFormat {
  MP4("video/mp4", Set.of("video/mp4", "audio/mp4", "application/mp4", "video/x-m4v",
      "audio/x-m4a", "audio/m4a", "video/quicktime")),
  QUICKTIME("video/quicktime", Set.of("video/quicktime", "video/mp4")),
  WEBM("video/webm", Set.of("video/webm", "audio/webm", "video/x-matroska",
      "audio/x-matroska")),
  MATROSKA("video/x-matroska", Set.of("video/x-matroska", "audio/x-matroska", "video/webm",
      "audio/webm")),
  MPEG_TS("video/mp2t", Set.of("video/mp2t", "video/mpeg")),
  MP3("audio/mpeg", Set.of("audio/mpeg", "audio/mp3", "audio/x-mp3")),
  WAV("audio/wav", Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")),
  AAC("audio/aac", Set.of("audio/aac", "audio/aacp", "audio/x-aac")),
  JPEG("image/jpeg", Set.of("image/jpeg", "image/jpg", "image/pjpeg")),
  PNG("image/png", Set.of("image/png"));

  private final String contentType;
  private final Set<String> acceptedDeclarations;

  MediaFormat(String contentType, Set<String> acceptedDeclarations) {
    this.contentType = contentType;
    this.acceptedDeclarations = acceptedDeclarations;
  }

  public String contentType() {
    return contentType;
  }

  /** Whether a client that declared {@code declared} told the truth about this content. */
  public boolean matchesDeclared(String declared) {
    return acceptedDeclarations.contains(declared);
  }
}
