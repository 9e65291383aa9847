package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaling signal on a running server's /metrics, with the default settings. */
@Timeout(60)
class AutoscalingIntegrationTest {
  @Test
  void theSignalIsOnMetricsFromTheStart(@TempDir Path repo) throws Exception {
    try (MedullaServer server = MedullaServer.start(LocalTrial.config(repo))) {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(metrics)
          .contains("\nmedulla_autoscaling_desired_replicas 1\n")
          .contains("\nmedulla_autoscaling_current_replicas 1\n")
          .contains("\nmedulla_autoscaling_ratio 0.0\n")
          .contains("\nmedulla_autoscaling_queue_delay_p95_seconds{class=\"stat\"} NaN\n")
          .contains("\nmedulla_autoscaling_slo_seconds{class=\"stat\"} 0.05\n")
          .contains("\nmedulla_autoscaling_slo_seconds{class=\"urgent\"} 0.2\n")
          .contains("\nmedulla_autoscaling_slo_seconds{class=\"routine\"} 2.0\n");
    }
  }
}
