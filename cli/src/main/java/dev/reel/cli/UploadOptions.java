package dev.reel.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code reel upload FILE [--tag k=v]... [--storage-class C] [--type MIME] [--name NAME]}. */
record UploadOptions(Path file, Map<String, String> tags, Optional<String> storageClass,
    Optional<String> contentType, String filename) {

  static final String USAGE = "usage: ./reel upload FILE [--tag key=value]... "
      + "[--storage-class STANDARD|STANDARD_IA|...] [--type video/mp4] [--name NAME]";

  static UploadOptions parse(List<String> args) {
    Path file = null;
    Map<String, String> tags = new LinkedHashMap<>();
    String storageClass = null;
    String type = null;
    String name = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--tag" -> {
          String tag = value(args, ++i, arg);
          int equals = tag.indexOf('=');
          if (equals < 1) {
            throw new IllegalArgumentException("--tag takes key=value, got '" + tag + "'");
          }
          tags.put(tag.substring(0, equals), tag.substring(equals + 1));
        }
        case "--storage-class" -> storageClass = value(args, ++i, arg);
        case "--type" -> type = value(args, ++i, arg);
        case "--name" -> name = value(args, ++i, arg);
        default -> {
          if (arg.startsWith("--") || file != null) {
            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
          }
          file = Path.of(arg);
        }
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("which file?");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(file + " is not a readable file");
    }
    return new UploadOptions(file, tags, Optional.ofNullable(storageClass),
        Optional.ofNullable(type), name != null ? name : file.getFileName().toString());
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  /** tus Upload-Metadata as Reel's ingest reads it. */
  Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("filename", filename);
    contentType.ifPresent(t -> metadata.put("filetype", t));
    storageClass.ifPresent(c -> metadata.put("storageClass", c));
    if (!tags.isEmpty()) {
      StringBuilder encoded = new StringBuilder();
      tags.forEach((k, v) -> encoded.append(encoded.isEmpty() ? "" : "&")
          .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
      metadata.put("tags", encoded.toString());
    }
    return metadata;
  }
}
