package dev.reel.transcode.mediaconvert;

/**
 * Where a MediaConvert job reads and writes, as close to Reel's layout as MediaConvert's naming
 * allows. A CMAF output group writes every file into the folder of its destination, named after
 * the destination's last segment (the "base name"): the HLS master {@code master.m3u8} and the
 * DASH manifest {@code master.mpd}, and for each output {@code master_<rendition>.m3u8} and its
 * segments {@code master_<rendition>...}. The poster is a frame capture, numbered by
 * MediaConvert: {@code thumbs/poster.<counter>.jpg}.
 */
record OutputNames(String bucket, String prefix) {

  static final String BASE_NAME = "master";
  static final String AUDIO = "audio";

  String sourceUrl(String sourceKey) {
    return s3(sourceKey);
  }

  String cmafDestination() {
    return s3(prefix + BASE_NAME);
  }

  String posterDestination() {
    return s3(posterPrefix());
  }

  String hlsMasterKey() {
    return prefix + BASE_NAME + ".m3u8";
  }

  String dashManifestKey() {
    return prefix + BASE_NAME + ".mpd";
  }

  static String nameModifier(String rendition) {
    return "_" + rendition;
  }

  String playlistKey(String rendition) {
    return renditionPrefix(rendition) + ".m3u8";
  }

  /** What the keys of a rendition's playlist, init segment and media segments start with. */
  String renditionPrefix(String rendition) {
    return prefix + BASE_NAME + nameModifier(rendition);
  }

  String posterPrefix() {
    return prefix + "thumbs/poster";
  }

  private String s3(String key) {
    return "s3://" + bucket + "/" + key;
  }
}
