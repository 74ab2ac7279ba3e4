package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.measure.Target;
import dev.reel.bench.platform.ServiceProcess;
import dev.reel.bench.reel.Fixtures.Media;
import dev.reel.bench.tools.Nginx;
import dev.reel.bench.tools.Tool;
import java.util.List;

/**
 * Issue scenario 1: nginx serving the 64 MiB file from local disk with sendfile, against Reel
 * delivery serving the same bytes from S3. The targets are those of the coming edge cache
 * (warm-cache 1 MiB ranges at 0.8× nginx, 4 KiB at 0.6×); delivery has no cache yet, so they
 * are informational.
 */
public final class RangeVsNginx extends RangeScenario {

  @Override
  public String id() {
    return "range-nginx";
  }

  @Override
  public String title() {
    return "Range GET vs nginx";
  }

  @Override
  public String description() {
    return "Random 1 MiB and 4 KiB byte ranges of one 64 MiB file, 64 connections (wrk, "
        + THREADS + " threads): Reel delivery reading each range from S3 vs nginx (Debian "
        + "package, 1 worker, sendfile on, access log off) serving the same file from local "
        + "disk. Targets are those of the coming warm edge cache; delivery has no cache yet, "
        + "so they are informational.";
  }

  @Override
  public List<Tool> tools() {
    return List.of(Tool.WRK, Tool.NGINX);
  }

  @Override
  String anchorName() {
    return "nginx";
  }

  @Override
  Anchor openAnchor(BenchContext ctx, Media media) {
    Nginx nginx = Nginx.start(ctx.workDir(), media.file().getParent(),
        ctx.platform().ports().nginx());
    return new Anchor() {
      @Override
      public String url() {
        return nginx.url(media.fileName());
      }

      @Override
      public List<ServiceProcess> processes() {
        return nginx.processes();
      }

      @Override
      public void close() {
        nginx.close();
      }
    };
  }

  @Override
  Target throughputTarget(long rangeLength) {
    return rangeLength >= 1024 * 1024
        ? Target.informational(0.8, "warm-cache target of the edge cache (not built yet)")
        : Target.informational(0.6, "warm-cache target of the edge cache (not built yet)");
  }
}
