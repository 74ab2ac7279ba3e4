package dev.reel.transcode;

import dev.reel.common.service.ServiceMain;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;

/** Runs the transcode service on its own. */
public final class TranscodeMain {

  private TranscodeMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run("transcode", TranscodeConfig.defaults(), TranscodeConfig::read,
        TranscodeVerticle::new);
  }
}
