package dev.reel.delivery;

import dev.reel.common.service.ServiceMain;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;

/** Runs the delivery service on its own. */
public final class DeliveryMain {

  private DeliveryMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run("delivery", DeliveryConfig.defaults(), DeliveryConfig::read,
        DeliveryVerticle::new);
  }
}
