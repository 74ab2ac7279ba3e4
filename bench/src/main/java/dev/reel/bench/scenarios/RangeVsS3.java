package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.measure.Target;
import dev.reel.bench.platform.ServiceProcess;
import dev.reel.bench.reel.Fixtures.Media;
import dev.reel.common.StorageLayout;
import dev.reel.common.s3.S3Clients;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Issue scenario 2: the same random ranges straight from the S3 server (a presigned GET of the
 * very object delivery reads) and through delivery. Delivery reads from that S3 server, so the
 * ratio is what the delivery hop costs.
 */
public final class RangeVsS3 extends RangeScenario {

  /** Outlives any run; the Range header is not part of the signature, so one URL serves all. */
  private static final Duration URL_LIFETIME = Duration.ofHours(12);

  @Override
  public String id() {
    return "range-s3";
  }

  @Override
  public String title() {
    return "Range GET vs direct S3";
  }

  @Override
  public String description() {
    return "The same random 1 MiB and 4 KiB ranges, 64 connections (wrk): through Reel delivery "
        + "vs straight to the S3 server it reads from (S3Proxy, a presigned GET of the same "
        + "object `originals/<assetId>/source`). The ratio is the cost of the delivery hop; "
        + "no target.";
  }

  @Override
  String anchorName() {
    return "direct S3";
  }

  @Override
  Anchor openAnchor(BenchContext ctx, Media media) {
    String url;
    try (S3Presigner presigner = S3Clients.presigner(ctx.s3Settings())) {
      url = presigner.presignGetObject(p -> p.signatureDuration(URL_LIFETIME)
              .getObjectRequest(g -> g.bucket(ctx.s3Settings().bucket())
                  .key(StorageLayout.originalKey(media.assetId()))))
          .url().toString();
    }
    return new Anchor() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public List<ServiceProcess> processes() {
        // S3 is part of the platform: its memory is in the platform table already.
        return List.of();
      }

      @Override
      public void close() {
        // Nothing to stop: the S3 server belongs to the platform.
      }
    };
  }

  @Override
  Target throughputTarget(long rangeLength) {
    return null;
  }
}
