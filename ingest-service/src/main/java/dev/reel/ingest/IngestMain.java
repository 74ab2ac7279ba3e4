package dev.reel.ingest;

import dev.reel.common.service.ServiceMain;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.http.IngestVerticle;

/** Runs the ingest service on its own. */
public final class IngestMain {

  private IngestMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run("ingest", IngestConfig.defaults(), IngestConfig::read, IngestVerticle::new);
  }
}
