package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the benchmark request through the server's REST port with Triton's binary tensor data
 * extension: a JSON header whose inputs carry {@code binary_data_size}, followed by the raw input
 * bytes, {@code Inference-Header-Content-Length} naming the header's length, and {@code
 * binary_data_output} asking for binary outputs.
 *
 * <p>HTTP/1.1, one request per connection at a time (as Triton's HTTP clients and perf_analyzer use
 * it), on an Armeria client with a single event-loop thread of its own.
 */
final class BinaryRestClient implements AsyncTarget, AutoCloseable {
  private static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  private final ClientFactory factory;
  private final WebClient client;
  private final BenchModel model;
  private final RequestHeaders headers;
  private final byte[] body;

  BinaryRestClient(String host, int port, BenchModel model) {
    this.model = requireNonNull(model, "model");
    this.factory = ClientFactory.builder().workerGroup(1).build();
    this.client =
        WebClient.builder("h1c://" + host + ":" + port)
            .factory(factory)
            .responseTimeoutMillis(0)
            .build();
    byte[] header = header(model);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    for (Tensor input : model.inputs()) {
      byte[] raw = new byte[input.byteSize()];
      input.data().get(raw);
      out.writeBytes(raw);
    }
    this.body = out.toByteArray();
    this.headers =
        RequestHeaders.builder(HttpMethod.POST, "/v2/models/" + model.name() + "/infer")
            .contentType(MediaType.OCTET_STREAM)
            .set(HEADER_LENGTH, Integer.toString(header.length))
            .build();
  }

  /** Returns the JSON header of the request. */
  static byte[] header(BenchModel model) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (Tensor input : model.inputs()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", input.name());
      entry.put("shape", input.shape().toList());
      entry.put("datatype", input.dataType().name());
      entry.put("parameters", Map.of("binary_data_size", input.byteSize()));
      inputs.add(entry);
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("inputs", inputs);
    request.put("parameters", Map.of("binary_data_output", true));
    try {
      return new ObjectMapper().writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request header", e);
    }
  }

  @Override
  public CompletableFuture<?> send() {
    return client.execute(headers, HttpData.wrap(body)).aggregate().thenAccept(this::check);
  }

  private void check(AggregatedHttpResponse response) {
    if (!response.status().equals(HttpStatus.OK)) {
      String text = response.contentUtf8();
      throw new IllegalStateException(
          "HTTP "
              + response.status().code()
              + ": "
              + text.substring(0, Math.min(200, text.length())));
    }
    String headerLength = response.headers().get(HEADER_LENGTH);
    if (headerLength == null) {
      throw new IllegalStateException("the response has no " + HEADER_LENGTH + " header");
    }
    model.checkOutputBytes(response.content().length() - Long.parseLong(headerLength));
  }

  @Override
  public void close() {
    factory.close();
  }
}
