package dev.reel.admin;

import dev.reel.admin.config.AdminConfig;
import dev.reel.admin.http.AdminVerticle;
import dev.reel.common.service.ServiceMain;

/** Runs the admin service on its own. */
public final class AdminMain {

  private AdminMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run("admin", AdminConfig.defaults(), AdminConfig::read, AdminVerticle::new);
  }
}
