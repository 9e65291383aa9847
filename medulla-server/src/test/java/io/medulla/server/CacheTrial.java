package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the model cache tests do to a running server: REST calls over HTTP/1.1, in-process requests,
 * the repository index and metrics, all on copies of the {@code simple} example model (INPUT0 and
 * INPUT1, INT32 [16]; OUTPUT0 their sum, OUTPUT1 their difference).
 */
final class CacheTrial {
  /** INPUT0 0..15 and INPUT1 all ones: OUTPUT0 is 1..16. */
  static final String SIMPLE_BODY =
      "{\"inputs\":["
          + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
          + "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
          + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
          + "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]}";

  static final String SIMPLE_SUM = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";
  static final String SIMPLE_DIFFERENCE = "[-1,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14]";

  private final MedullaServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  CacheTrial(MedullaServer server) {
    this.server = server;
  }

  HttpResponse<String> post(String path, String body) {
    return postAsync(path, body).join();
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path) {
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .join();
  }

  /** Runs the {@code simple} request on {@code model} over REST. */
  HttpResponse<String> inferSimple(String model) {
    return post("/v2/models/" + model + "/infer", SIMPLE_BODY);
  }

  /** Runs {@link #inferSimple} and checks that it answered 200 with the right sum. */
  void servesSimple(String model) {
    HttpResponse<String> r = inferSimple(model);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"model_name\":\"" + model + "\"").contains(SIMPLE_SUM);
  }

  /** Returns the REST repository index. */
  String index() {
    return post("/v2/repository/index", "{}").body();
  }

  /** Returns the index row of {@code model}'s version {@code version} ("" for a model row). */
  String row(String model, String version) {
    String index = index();
    Matcher m =
        Pattern.compile(
                "\\{\"name\":\""
                    + Pattern.quote(model)
                    + "\",\"version\":\""
                    + Pattern.quote(version)
                    + "\"[^}]*}")
            .matcher(index);
    assertThat(m.find()).as("row %s/%s in %s", model, version, index).isTrue();
    return m.group();
  }

  /** Returns the state of {@code model}'s version 1 in the index. */
  String state(String model) {
    Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(row(model, "1"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** Returns the Prometheus text of the metrics listener. */
  String metrics() {
    return get(server.metricsPort(), "/metrics").body();
  }

  /**
   * Returns the value of one series, e.g. {@code
   * medulla_model_loads_total{model="a",cause="start"}}; 0 when the series is absent (a counter
   * never incremented is not always listed).
   */
  static long value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  long metric(String series) {
    return value(metrics(), series);
  }

  /** Returns the in-process {@code simple} request for {@code model}, without a deadline. */
  static InferenceRequest simpleRequest(String model, int n) {
    return new InferenceRequest(
        model,
        "",
        "in-process-" + n,
        List.of(int32("INPUT0", 0), int32("INPUT1", 1)),
        List.of(),
        Map.of(),
        new RequestContext(
            new RequestId("cache-trial-" + n),
            TenantId.DEFAULT,
            RequestContext.ANONYMOUS,
            0,
            Deadline.none(),
            Ticker.system().nanos()));
  }

  /** INPUT0 counts up from 0; any other name is all {@code fill}. */
  private static Tensor int32(String name, int fill) {
    ByteBuffer data = ByteBuffer.allocate(16 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      data.putInt(name.equals("INPUT0") ? i : fill);
    }
    data.flip();
    return Tensor.of(name, DataType.INT32, Shape.of(1, 16), data);
  }

  /** Returns OUTPUT0 of a {@code simple} response. */
  static int[] sum(InferenceResponse response) {
    Tensor out =
        response.outputs().stream()
            .filter(t -> t.name().equals("OUTPUT0"))
            .findFirst()
            .orElseThrow();
    ByteBuffer data = out.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int[] values = new int[16];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.getInt();
    }
    return values;
  }

  /** The 64 bytes of a warm-up INPUT0 for {@code simple}: 16 INT32 values. */
  static byte[] warmupInput() {
    ByteBuffer data = ByteBuffer.allocate(16 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      data.putInt(i);
    }
    return data.array();
  }
}
