package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * The connection-level limits of {@link RestLimits} reach the listener that registers the routes.
 */
class RestLimitsIntegrationTest {
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"X\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}";

  @Test
  void headersOverMaxHeaderBytesAreRefusedWith431() throws Exception {
    try (RestTestServer s = new RestTestServer(RestLimits.defaults().withMaxHeaderBytes(1024))) {
      assertThat(s.send(request(s, 256)).statusCode()).isEqualTo(200);
      assertThat(s.send(request(s, 2048)).statusCode()).isEqualTo(431);
      assertThat(s.send(request(s, 256)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void everyLimitMustBePositiveAndEachCopyChangesOneField() {
    RestLimits d = RestLimits.defaults();
    assertThat(d.maxHeaderBytes()).isEqualTo(8192);
    assertThat(d.maxConcurrentStreams()).isEqualTo(250);
    assertThat(d.withMaxInputs(3).maxInputs()).isEqualTo(3);
    assertThat(d.withMaxRank(2).maxRank()).isEqualTo(2);
    assertThat(d.withMaxElements(9).maxElements()).isEqualTo(9);
    assertThat(d.withMaxStringBytes(5).maxStringBytes()).isEqualTo(5);
    assertThat(d.withMaxConcurrentStreams(7).maxConcurrentStreams()).isEqualTo(7);
    assertThat(d.withMaxConcurrentStreams(7).withMaxConcurrentStreams(250)).isEqualTo(d);
    assertThatThrownBy(() -> d.withMaxHeaderBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHeaderBytes: 0 (expected: > 0)");
    assertThatThrownBy(() -> d.withMaxConcurrentStreams(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HttpRequest request(RestTestServer s, int padding) {
    return HttpRequest.newBuilder(s.uri("/v2/models/echo/infer"))
        .header("Content-Type", "application/json")
        .header("X-Pad", "a".repeat(padding))
        .POST(HttpRequest.BodyPublishers.ofString(BODY))
        .build();
  }
}
