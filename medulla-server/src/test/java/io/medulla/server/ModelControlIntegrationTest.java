package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.repository.ModelControlMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model control modes and broken models through the real server and the repository API. */
class ModelControlIntegrationTest {
  private static final Path TESTDATA = Path.of("..", "testdata", "models");
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(MedullaServer server, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(MedullaServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void brokenModelIsUnavailableWithItsReasonWhileTheOthersServe() throws Exception {
    try (MedullaServer server = MedullaServer.start(LocalTrial.config(TESTDATA))) {
      assertThat(get(server, "/v2/health/ready").statusCode()).isEqualTo(200);
      String index = post(server, "/v2/repository/index", "").body();
      assertThat(index)
          .containsPattern(
              "\"name\":\"broken\"[^}]*\"state\":\"UNAVAILABLE\"[^}]*\"reason\":\"[^\"]+")
          .containsPattern("\"name\":\"versioned_add\"[^}]*\"state\":\"READY\"")
          .doesNotContain(TESTDATA.toAbsolutePath().toString());
      assertThat(get(server, "/v2/models/versioned_add/ready").statusCode()).isEqualTo(200);
      assertThat(server.summary()).contains("broken").contains("UNAVAILABLE");
    }
  }

  @Test
  void explicitModeLoadsOnlyWhatItIsToldAndUnloadsOnRequest() throws Exception {
    ServerConfig config =
        LocalTrial.config(TESTDATA)
            .withModelControl(ModelControlMode.EXPLICIT, List.of("versioned_add"));
    try (MedullaServer server = MedullaServer.start(config)) {
      assertThat(get(server, "/v2/models/versioned_add/ready").statusCode()).isEqualTo(200);
      assertThat(get(server, "/v2/models/autocomplete_add/ready").statusCode()).isNotEqualTo(200);

      assertThat(post(server, "/v2/repository/models/autocomplete_add/load", "").statusCode())
          .isEqualTo(200);
      // No config.pbtxt: completed from the ONNX file, batching with max_batch_size 4.
      HttpResponse<String> infer =
          post(
              server,
              "/v2/models/autocomplete_add/infer",
              "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,4],"
                  + "\"data\":[1,2,3,4]},{\"name\":\"INPUT1\",\"datatype\":\"FP32\","
                  + "\"shape\":[1,4],\"data\":[1,1,1,1]}]}");
      assertThat(infer.statusCode()).as(infer.body()).isEqualTo(200);
      assertThat(infer.body()).contains("[2.0,3.0,4.0,5.0]");

      HttpResponse<String> broken = post(server, "/v2/repository/models/broken/load", "");
      assertThat(broken.statusCode()).isGreaterThanOrEqualTo(400);
      assertThat(broken.body()).contains("broken");

      assertThat(post(server, "/v2/repository/models/versioned_add/unload", "").statusCode())
          .isEqualTo(200);
      assertThat(get(server, "/v2/models/versioned_add/ready").statusCode()).isNotEqualTo(200);
      assertThat(get(server, "/v2/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void loadRequestNamingAFileIsRefused() throws Exception {
    ServerConfig config =
        LocalTrial.config(TESTDATA).withModelControl(ModelControlMode.EXPLICIT, List.of());
    try (MedullaServer server = MedullaServer.start(config)) {
      HttpResponse<String> r =
          post(
              server,
              "/v2/repository/models/versioned_add/load",
              "{\"parameters\":{\"file:1/model.onnx\":\"AAAA\"}}");
      assertThat(r.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void noneModeRefusesTheLoadApi() throws Exception {
    try (MedullaServer server = MedullaServer.start(LocalTrial.config(TESTDATA))) {
      HttpResponse<String> r = post(server, "/v2/repository/models/versioned_add/unload", "");
      assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
      assertThat(r.body()).contains("control mode");
      assertThat(get(server, "/v2/models/versioned_add/ready").statusCode()).isEqualTo(200);
    }
  }
}
