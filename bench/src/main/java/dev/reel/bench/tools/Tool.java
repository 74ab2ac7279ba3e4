package dev.reel.bench.tools;

/** A command-line tool a scenario runs, and the Debian package that provides it. */
public record Tool(String command, String debianPackage) {

  public static final Tool WRK = new Tool("wrk", "wrk");
  /** nginx-light: the smallest Debian nginx build that has sendfile and byte ranges. */
  public static final Tool NGINX = new Tool("nginx", "nginx-light");
}
