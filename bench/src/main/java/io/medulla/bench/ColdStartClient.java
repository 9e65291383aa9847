package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.medulla.inference.Tensor;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The G7 client: the benchmark request in Triton's binary tensor format (as {@link
 * BinaryRestClient}) sent to any of the model's copies over one HTTP/1.1 connection that stays open
 * between requests, plus the readiness probe and the metrics scrape.
 *
 * <p>One connection, kept warm, so that the first request to a model pays for the model and not for
 * a TCP handshake. Not thread-safe: one caller sends one request at a time.
 */
final class ColdStartClient implements AutoCloseable {
  private static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final long TIMEOUT_SECS = 120;

  private final ClientFactory factory;
  private final WebClient rest;
  private final WebClient metrics;
  private final BenchModel model;
  private final byte[] body;
  private final int headerLength;

  /**
   * Creates a client of the server at {@code host}.
   *
   * @param model the request every copy gets (copies share the model's config)
   */
  ColdStartClient(String host, int httpPort, int metricsPort, BenchModel model) {
    this.model = requireNonNull(model, "model");
    this.factory = ClientFactory.builder().workerGroup(1).idleTimeoutMillis(0).build();
    this.rest =
        WebClient.builder("h1c://" + host + ":" + httpPort)
            .factory(factory)
            .responseTimeoutMillis(0)
            .build();
    this.metrics =
        WebClient.builder("h1c://" + host + ":" + metricsPort)
            .factory(factory)
            .responseTimeoutMillis(0)
            .build();
    byte[] header = BinaryRestClient.header(model);
    this.headerLength = header.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    for (Tensor input : model.inputs()) {
      byte[] raw = new byte[input.byteSize()];
      input.data().duplicate().get(raw);
      out.writeBytes(raw);
    }
    this.body = out.toByteArray();
  }

  /** Sends the request to {@code name} and waits for a checked response. */
  void infer(String name) throws Exception {
    RequestHeaders headers =
        RequestHeaders.builder(HttpMethod.POST, "/v2/models/" + name + "/infer")
            .contentType(MediaType.OCTET_STREAM)
            .set(HEADER_LENGTH, Integer.toString(headerLength))
            .build();
    AggregatedHttpResponse response =
        rest.execute(headers, HttpData.wrap(body)).aggregate().get(TIMEOUT_SECS, TimeUnit.SECONDS);
    check(name, response);
  }

  /** Returns whether {@code name} is READY ({@code GET /v2/models/<name>/ready} answers 200). */
  boolean isReady(String name) throws Exception {
    return rest.get("/v2/models/" + name + "/ready")
        .aggregate()
        .get(TIMEOUT_SECS, TimeUnit.SECONDS)
        .status()
        .equals(HttpStatus.OK);
  }

  /** Returns the server's metrics in Prometheus text. */
  String scrapeMetrics() throws Exception {
    AggregatedHttpResponse response =
        metrics.get("/metrics").aggregate().get(TIMEOUT_SECS, TimeUnit.SECONDS);
    if (!response.status().equals(HttpStatus.OK)) {
      throw new IllegalStateException("GET /metrics: HTTP " + response.status().code());
    }
    return response.contentUtf8();
  }

  private void check(String name, AggregatedHttpResponse response) {
    if (!response.status().equals(HttpStatus.OK)) {
      String text = response.contentUtf8();
      throw new IllegalStateException(
          name
              + ": HTTP "
              + response.status().code()
              + ": "
              + text.substring(0, Math.min(200, text.length())));
    }
    String length = response.headers().get(HEADER_LENGTH);
    if (length == null) {
      throw new IllegalStateException(name + ": the response has no " + HEADER_LENGTH + " header");
    }
    model.checkOutputBytes(response.content().length() - Long.parseLong(length));
  }

  @Override
  public void close() {
    factory.close();
  }
}
