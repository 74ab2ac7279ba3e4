package dev.reel.platform.it;

import com.sun.net.httpserver.HttpServer;
import dev.reel.common.service.Executables;
import dev.reel.platform.embedded.FreePort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, driven over the WebDriver protocol by Debian's ChromeDriver, playing media
 * in a test page ({@code players/play.html}) with the web players from npm that the build
 * installed in {@code target/players} (hls.js, shaka-player, dash.js). The page is served from
 * {@code http://localhost:<port>} and delivery answers on {@code 127.0.0.1}: another origin, as a
 * player on a customer's site, so CORS is exercised as in real use.
 *
 * <p>Tests that use it are skipped where Chromium or ChromeDriver is not installed
 * ({@code apt-get install chromium chromium-driver}); {@code .ci/run} installs both.
 */
final class Browser implements AutoCloseable {

  private static final Path PLAYERS = Path.of("target", "players", "node_modules");
  private static final Duration START = Duration.ofSeconds(30);
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript");

  private final Path chromium;
  private final Process driver;
  private final URI driverUri;
  private final HttpServer pages;
  private final Path profiles;

  private Browser(Path chromium, Process driver, URI driverUri, HttpServer pages,
      Path profiles) {
    this.chromium = chromium;
    this.driver = driver;
    this.driverUri = driverUri;
    this.pages = pages;
    this.profiles = profiles;
  }

  /** Starts ChromeDriver and the page server; skips the calling test without Chromium. */
  static Browser start() throws IOException {
    Optional<Path> chromium = Executables.onPath("chromium")
        .or(() -> Executables.onPath("chromium-browser"));
    Optional<Path> chromedriver = Executables.onPath("chromedriver");
    Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
        "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)");
    if (!Files.isDirectory(PLAYERS.resolve("hls.js"))) {
      throw new IllegalStateException(PLAYERS.toAbsolutePath() + " has no players: the build "
          + "installs them with npm ci before the tests (see platform/pom.xml)");
    }
    int port = FreePort.find();
    Path profiles = Files.createTempDirectory("reel-chromium");
    Process driver = new ProcessBuilder(chromedriver.get().toString(), "--port=" + port)
        .redirectErrorStream(true)
        .redirectOutput(profiles.resolve("chromedriver.log").toFile())
        .start();
    HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    pages.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] body = path.startsWith("/lib/") && !path.contains("..")
            ? readOrNull(PLAYERS.resolve(path.substring("/lib/".length())))
            : path.equals("/play.html") ? resource("/players/play.html")
            : path.equals("/blank.html") ? new byte[0] : null;
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        exchange.getResponseHeaders().set("Content-Type",
            TYPES.getOrDefault(extension, "application/octet-stream"));
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    pages.start();
    Browser browser = new Browser(chromium.get(), driver,
        URI.create("http://127.0.0.1:" + port), pages, profiles);
    try {
      Http.eventually(START, "ChromeDriver ready", browser::driverReady);
    } catch (RuntimeException | AssertionError notStarted) {
      browser.close();
      throw notStarted;
    }
    return browser;
  }

  /** The test page's origin when it is reached as {@code host} (localhost or 127.0.0.1). */
  String pageOrigin(String host) {
    return "http://" + host + ":" + pages.getAddress().getPort();
  }

  /**
   * Opens the test page on {@code http://localhost:<port>} in a new browser (a fresh profile)
   * playing {@code src} with {@code player}, and answers the page's report once {@code done}
   * holds for it or {@code timeout} has passed.
   */
  JsonObject play(String player, String src, Duration timeout, Predicate<JsonObject> done)
      throws IOException {
    return play(player, src, "localhost", Map.of(), timeout, done);
  }

  /**
   * As {@link #play(String, String, Duration, Predicate)}, with the page reached as
   * {@code pageHost}; with {@code cookies}, the browser holds them for that host first (path
   * {@code /}, any port) and the player sends credentials with its requests.
   */
  JsonObject play(String player, String src, String pageHost, Map<String, String> cookies,
      Duration timeout, Predicate<JsonObject> done) throws IOException {
    String id = newSession(timeout);
    try {
      if (!cookies.isEmpty()) {
        // A cookie can only be set from a page of its host.
        call("POST", "/session/" + id + "/url",
            new JsonObject().put("url", pageOrigin(pageHost) + "/blank.html"));
        cookies.forEach((name, value) -> call("POST", "/session/" + id + "/cookie",
            new JsonObject().put("cookie", new JsonObject().put("name", name)
                .put("value", value).put("path", "/").put("domain", pageHost))));
      }
      String page = pageOrigin(pageHost) + "/play.html?player="
          + URLEncoder.encode(player, StandardCharsets.UTF_8) + "&src="
          + URLEncoder.encode(src, StandardCharsets.UTF_8)
          + (cookies.isEmpty() ? "" : "&credentials=1");
      call("POST", "/session/" + id + "/url", new JsonObject().put("url", page));
      long deadline = System.nanoTime() + timeout.toNanos();
      JsonObject report;
      do {
        sleep(250);
        report = call("POST", "/session/" + id + "/execute/sync", new JsonObject()
            .put("script", "return JSON.stringify(window.report || null)")
            .put("args", new JsonArray()))
            .getValue("value") instanceof String text && !text.equals("null")
            ? new JsonObject(text) : new JsonObject();
      } while (!done.test(report) && System.nanoTime() < deadline);
      return report;
    } finally {
      call("DELETE", "/session/" + id, null);
    }
  }

  /**
   * Runs {@code script} in a new browser on an empty page of {@code http://localhost:<port>} (a
   * page of another origin than the services), as the body of an async function given {@code
   * args}; answers the object it returns, or {@code {"error": message}} when it throws, within
   * {@code timeout}.
   */
  JsonObject run(String script, Duration timeout, Object... args) throws IOException {
    String id = newSession(timeout);
    try {
      call("POST", "/session/" + id + "/url",
          new JsonObject().put("url", pageOrigin("localhost") + "/blank.html"));
      String wrapped = "const done = arguments[arguments.length - 1];"
          + "(async (...args) => {" + script + "})(...Array.from(arguments).slice(0, -1))"
          + ".then(r => done(JSON.stringify(r)), e => done(JSON.stringify({error: String(e)})));";
      Object value = call("POST", "/session/" + id + "/execute/async", new JsonObject()
          .put("script", wrapped).put("args", new JsonArray(List.of(args)))).getValue("value");
      return value instanceof String text ? new JsonObject(text)
          : new JsonObject().put("error", String.valueOf(value));
    } finally {
      call("DELETE", "/session/" + id, null);
    }
  }

  /**
   * A new Chromium with a fresh profile, whose scripts may run for {@code scriptTimeout}; answers
   * the WebDriver session's id.
   */
  private String newSession(Duration scriptTimeout) throws IOException {
    Path profile = Files.createTempDirectory(profiles, "profile");
    JsonObject options = new JsonObject()
        .put("binary", chromium.toString())
        .put("args", new JsonArray(List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-quic", "--no-first-run",
            "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile)));
    JsonObject session = call("POST", "/session", new JsonObject().put("capabilities",
        new JsonObject().put("alwaysMatch", new JsonObject()
            .put("browserName", "chrome").put("goog:chromeOptions", options)
            .put("timeouts", new JsonObject().put("script", scriptTimeout.toMillis())))));
    return session.getJsonObject("value").getString("sessionId");
  }

  @Override
  public void close() throws IOException {
    pages.stop(0);
    driver.destroy();
    try (Stream<Path> files = Files.walk(profiles)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  private boolean driverReady() {
    try {
      HttpResponse<byte[]> status = Http.send(Http.request(driverUri.resolve("/status")).build());
      return status.statusCode() == 200
          && Http.json(status).getJsonObject("value").getBoolean("ready", false);
    } catch (IllegalStateException notYet) {
      // ChromeDriver is not listening yet.
      return false;
    }
  }

  private JsonObject call(String method, String path, JsonObject body) {
    HttpRequest.Builder request = Http.request(driverUri.resolve(path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? BodyPublishers.noBody()
            : BodyPublishers.ofString(body.encode()));
    HttpResponse<byte[]> response = Http.send(request.build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + method + " " + path + ": "
          + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return Http.json(response);
  }

  private static byte[] readOrNull(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Browser.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
