package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestContext;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RestInferIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIMPLE_INPUTS =
      "{\"name\":\"INPUT0\",\"shape\":[1,16],\"datatype\":\"INT32\",\"data\":"
          + "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
          + "{\"name\":\"INPUT1\",\"shape\":[1,16],\"datatype\":\"INT32\",\"data\":"
          + "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}";
  private static RestTestServer server;

  @BeforeAll
  static void start() {
    server = new RestTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode json(HttpResponse<byte[]> response) throws Exception {
    return JSON.readTree(response.body());
  }

  /** Returns a body of the JSON header followed by the binary sections. */
  static byte[] binaryBody(String header, byte[]... sections) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header.getBytes(StandardCharsets.UTF_8));
    for (byte[] s : sections) {
      out.write(s);
    }
    return out.toByteArray();
  }

  static HttpResponse<byte[]> postBinary(String path, String header, byte[]... sections)
      throws Exception {
    return server.send(
        HttpRequest.newBuilder(server.uri(path))
            .header("Content-Type", "application/octet-stream")
            .header(
                "Inference-Header-Content-Length",
                Integer.toString(header.getBytes(StandardCharsets.UTF_8).length))
            .POST(HttpRequest.BodyPublishers.ofByteArray(binaryBody(header, sections)))
            .build());
  }

  static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }

  static int[] ints(byte[] body, int offset, int count) {
    int[] out = new int[count];
    ByteBuffer.wrap(body, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    return out;
  }

  @Test
  void jsonInferAddsAndSubtracts() throws Exception {
    HttpResponse<byte[]> response =
        server.post(
            "/v2/models/simple/infer", "{\"id\":\"r1\",\"inputs\":[" + SIMPLE_INPUTS + "]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.get("model_name").asText()).isEqualTo("simple");
    assertThat(body.get("model_version").asText()).isEqualTo("1");
    assertThat(body.get("id").asText()).isEqualTo("r1");
    JsonNode out0 = body.get("outputs").get(0);
    assertThat(out0.get("name").asText()).isEqualTo("OUTPUT0");
    assertThat(out0.get("datatype").asText()).isEqualTo("INT32");
    assertThat(out0.get("shape").toString()).isEqualTo("[1,16]");
    assertThat(out0.get("data").toString()).isEqualTo("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]");
    assertThat(body.get("outputs").get(1).get("data").get(0).asInt()).isEqualTo(-1);
  }

  @Test
  void nestedDataIsReadRowMajorAndFieldsMayComeInAnyOrder() throws Exception {
    String nested = "[[0,1,2,3,4,5,6,7],[8,9,10,11,12,13,14,15]]";
    String ones = "[[1,1,1,1,1,1,1,1],[1,1,1,1,1,1,1,1]]";
    HttpResponse<byte[]> response =
        server.post(
            "/v2/models/simple/infer",
            "{\"outputs\":[{\"name\":\"OUTPUT1\"}],\"inputs\":["
                + "{\"data\":"
                + nested
                + ",\"name\":\"INPUT0\",\"shape\":[2,8],\"datatype\":\"INT32\"},"
                + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[2,8],\"data\":"
                + ones
                + "}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode outputs = json(response).get("outputs");
    assertThat(outputs.size()).isEqualTo(1);
    assertThat(outputs.get(0).get("name").asText()).isEqualTo("OUTPUT1");
    assertThat(outputs.get(0).get("shape").toString()).isEqualTo("[2,8]");
    assertThat(outputs.get(0).get("data").get(15).asInt()).isEqualTo(14);
  }

  @Test
  void binaryInputsAndOutputsRoundTrip() throws Exception {
    int[] a = new int[16];
    int[] b = new int[16];
    for (int i = 0; i < 16; i++) {
      a[i] = i * 1000;
      b[i] = 7;
    }
    String header =
        "{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"shape\":[1,16],\"datatype\":\"INT32\","
            + "\"parameters\":{\"binary_data_size\":64}},"
            + "{\"name\":\"INPUT1\",\"shape\":[1,16],\"datatype\":\"INT32\","
            + "\"parameters\":{\"binary_data_size\":64}}],"
            + "\"parameters\":{\"binary_data_output\":true}}";
    HttpResponse<byte[]> response = postBinary("/v2/models/simple/infer", header, ints(a), ints(b));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
    int jsonLength =
        Integer.parseInt(response.headers().firstValue("inference-header-content-length").get());
    JsonNode body = JSON.readTree(Arrays.copyOf(response.body(), jsonLength));
    JsonNode out0 = body.get("outputs").get(0);
    assertThat(out0.has("data")).isFalse();
    assertThat(out0.get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
    assertThat(response.body()).hasSize(jsonLength + 128);
    assertThat(ints(response.body(), jsonLength, 16)[15]).isEqualTo(15007);
    assertThat(ints(response.body(), jsonLength + 64, 16)[15]).isEqualTo(14993);
    Tensor received = server.lastReceived().inputs().get(0);
    assertThat(Tensors.toInts(received)).containsExactly(a);
  }

  @Test
  void jsonInputsMayAskForOneBinaryOutput() throws Exception {
    HttpResponse<byte[]> response =
        server.post(
            "/v2/models/simple/infer",
            "{\"inputs\":["
                + SIMPLE_INPUTS
                + "],\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}},"
                + "{\"name\":\"OUTPUT1\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    int jsonLength =
        Integer.parseInt(response.headers().firstValue("inference-header-content-length").get());
    JsonNode body = JSON.readTree(Arrays.copyOf(response.body(), jsonLength));
    assertThat(body.get("outputs").get(0).get("parameters").get("binary_data_size").asInt())
        .isEqualTo(64);
    assertThat(body.get("outputs").get(1).get("data").size()).isEqualTo(16);
    assertThat(ints(response.body(), jsonLength, 16)[0]).isEqualTo(1);
  }

  @Test
  void binaryAndJsonInputsMixAndBinaryDataFalseOverridesTheDefault() throws Exception {
    String header =
        "{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"shape\":[1,16],\"datatype\":\"INT32\","
            + "\"parameters\":{\"binary_data_size\":64}},"
            + "{\"name\":\"INPUT1\",\"shape\":[1,16],\"datatype\":\"INT32\",\"data\":"
            + "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}],"
            + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":false}}],"
            + "\"parameters\":{\"binary_data_output\":true}}";
    HttpResponse<byte[]> response =
        postBinary("/v2/models/simple/infer", header, ints(new int[16]));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("inference-header-content-length")).isEmpty();
    assertThat(json(response).get("outputs").get(0).get("data").get(0).asInt()).isEqualTo(1);
  }

  @Test
  void priorityAndTimeoutReachTheRequestContext() throws Exception {
    server.ticker.advance(Duration.ofSeconds(5));
    long now = server.ticker.nanos();
    server.post(
        "/v2/models/simple/infer",
        "{\"parameters\":{\"priority\":2,\"timeout\":1500,\"custom\":\"x\"},\"inputs\":["
            + SIMPLE_INPUTS
            + "]}");
    InferenceRequest received = server.lastReceived();
    RequestContext context = received.context();
    assertThat(context.priority()).isEqualTo(2);
    assertThat(context.deadline().isSet()).isTrue();
    assertThat(context.deadline().expiresAtNanos()).isEqualTo(now + 1_500_000);
    assertThat(context.arrivalNanos()).isEqualTo(now);
    assertThat(context.tenant()).isEqualTo(TenantId.DEFAULT);
    assertThat(context.principal()).isEqualTo(RequestContext.ANONYMOUS);
    assertThat(context.requestId().value()).startsWith("req-");
    assertThat(received.parameters()).containsEntry("custom", "x");
  }

  @Test
  void zeroOrAbsentTimeoutMeansNoDeadline() throws Exception {
    server.post(
        "/v2/models/simple/infer",
        "{\"parameters\":{\"timeout\":0},\"inputs\":[" + SIMPLE_INPUTS + "]}");
    assertThat(server.lastReceived().context().deadline()).isEqualTo(Deadline.none());
    assertThat(server.lastReceived().context().priority()).isZero();
  }

  @Test
  void versionedInferPassesTheVersion() throws Exception {
    HttpResponse<byte[]> response =
        server.post("/v2/models/simple/versions/1/infer", "{\"inputs\":[" + SIMPLE_INPUTS + "]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.lastReceived().modelVersion()).isEqualTo("1");
  }

  @Test
  void bytesInputsAreUtf8StringsBothWays() throws Exception {
    HttpResponse<byte[]> response =
        server.post(
            "/v2/models/text/infer",
            "{\"inputs\":[{\"name\":\"TEXT\",\"shape\":[2],\"datatype\":\"BYTES\","
                + "\"data\":[\"héllo\",\"\"]}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("outputs").get(0).get("data").toString())
        .isEqualTo("[\"héllo\",\"\"]");
    assertThat(Tensors.toStrings(server.lastReceived().inputs().get(0)))
        .containsExactly("héllo", "");
  }

  @Test
  void bytesOutputThatIsNotUtf8IsSentBinary() throws Exception {
    byte[] element = {(byte) 0xff, (byte) 0xfe};
    byte[] section = {2, 0, 0, 0, (byte) 0xff, (byte) 0xfe};
    String header =
        "{\"inputs\":[{\"name\":\"TEXT\",\"shape\":[1],\"datatype\":\"BYTES\","
            + "\"parameters\":{\"binary_data_size\":6}}]}";
    HttpResponse<byte[]> response = postBinary("/v2/models/text/infer", header, section);
    assertThat(response.statusCode()).isEqualTo(200);
    int jsonLength =
        Integer.parseInt(response.headers().firstValue("inference-header-content-length").get());
    JsonNode body = JSON.readTree(Arrays.copyOf(response.body(), jsonLength));
    assertThat(body.get("outputs").get(0).get("parameters").get("binary_data_size").asInt())
        .isEqualTo(6);
    assertThat(Arrays.copyOfRange(response.body(), jsonLength + 4, jsonLength + 6))
        .isEqualTo(element);
  }

  @Test
  void everyDatatypeRoundTripsThroughJson() throws Exception {
    String[][] cases = {
      {"BOOL", "[true,false]", "[true,false]"},
      {"UINT8", "[0,255]", "[0,255]"},
      {"INT8", "[-128,127]", "[-128,127]"},
      {"UINT16", "[0,65535]", "[0,65535]"},
      {"INT16", "[-32768,32767]", "[-32768,32767]"},
      {"UINT32", "[0,4294967295]", "[0,4294967295]"},
      {
        "INT64",
        "[-9223372036854775808,9223372036854775807]",
        "[-9223372036854775808,9223372036854775807]"
      },
      {"UINT64", "[0,18446744073709551615]", "[0,18446744073709551615]"},
      {"FP16", "[1.5,-0.333]", "[1.5,-0.3330078]"},
      {"BF16", "[1.5,3.14159]", "[1.5,3.140625]"},
      {"FP32", "[0.1,-2]", "[0.1,-2.0]"},
      {"FP64", "[0.1,1e300]", "[0.1,1.0E300]"},
    };
    for (String[] c : cases) {
      HttpResponse<byte[]> response =
          server.post(
              "/v2/models/echo/infer",
              "{\"inputs\":[{\"name\":\"X\",\"shape\":[2],\"datatype\":\""
                  + c[0]
                  + "\",\"data\":"
                  + c[1]
                  + "}]}");
      assertThat(response.statusCode()).as(c[0]).isEqualTo(200);
      JsonNode out = json(response).get("outputs").get(0);
      assertThat(out.get("datatype").asText()).isEqualTo(c[0]);
      assertThat(JSON.readTree(out.get("data").toString())).as(c[0]).isEqualTo(JSON.readTree(c[2]));
    }
  }

  @Test
  void gzipBodiesAreInflated() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(("{\"inputs\":[" + SIMPLE_INPUTS + "]}").getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/v2/models/simple/infer"))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("outputs").get(0).get("data").get(0).asInt()).isEqualTo(1);
  }

  @Test
  void receivedTensorsHaveTheWireShapeAndType() throws Exception {
    server.post(
        "/v2/models/echo/infer",
        "{\"inputs\":[{\"name\":\"X\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[1,2]}]}");
    Tensor x = server.lastReceived().inputs().get(0);
    assertThat(x.dataType()).isEqualTo(DataType.FP32);
    assertThat(x.shape()).isEqualTo(Shape.of(2, 1));
    assertThat(Tensors.toFloats(x)).containsExactly(1f, 2f);
    assertThat(server.lastReceived().outputs()).isEqualTo(List.of());
  }
}
