package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.repository.ModelInput;
import io.medulla.testing.FakeInferenceEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RestInferErrorsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BYTES = 16 * 1024;
  private static final String ONES = "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]";
  private static RestTestServer server;

  @BeforeAll
  static void start() {
    server = new RestTestServer(new RestLimits(MAX_BYTES, 32, 4, 4, 1L << 20, 64, 8192, 100));
    server.engine.add(
        FakeInferenceEngine.config(
            "broken",
            0,
            List.of(new ModelInput("X", DataType.FP32, Shape.of(1), null, false)),
            List.of()),
        r -> {
          throw new IllegalStateException("secret patient value");
        });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String input(String name, String shape, String datatype, String data) {
    return "{\"name\":\""
        + name
        + "\",\"shape\":"
        + shape
        + ",\"datatype\":\""
        + datatype
        + "\",\"data\":"
        + data
        + "}";
  }

  private static String error(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    return body.get("error").asText();
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
    assertThat(error(response)).isEqualTo(message);
  }

  private static HttpResponse<byte[]> infer(String model, String json) throws Exception {
    return server.post("/v2/models/" + model + "/infer", json);
  }

  private static HttpResponse<byte[]> inferOne(String model, String input) throws Exception {
    return infer(model, "{\"inputs\":[" + input + "]}");
  }

  private static HttpResponse<byte[]> raw(String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri("/v2/models/simple/infer"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return server.send(b.build());
  }

  @Test
  void unknownModelIs404() throws Exception {
    assertError(
        inferOne("nope", input("X", "[1]", "FP32", "[1]")),
        404,
        "unknown model 'nope': check the name against GET /v2/repository/index");
  }

  @Test
  void unknownModelWinsOverABadBody() throws Exception {
    assertError(
        infer("nope", "{\"inputs\": ["),
        404,
        "unknown model 'nope': check the name against GET /v2/repository/index");
    assertError(
        infer("nope", "{\"inputs\": []}"),
        404,
        "unknown model 'nope': check the name against GET /v2/repository/index");
  }

  @Test
  void unknownVersionIs404() throws Exception {
    HttpResponse<byte[]> response =
        server.post(
            "/v2/models/simple/versions/9/infer",
            "{\"inputs\":[" + input("X", "[1]", "FP32", "[1]") + "]}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response)).startsWith("unknown version '9' of model 'simple'");
  }

  @Test
  void unknownDatatypeNamesTheInputAndTheChoices() throws Exception {
    HttpResponse<byte[]> response = inferOne("echo", input("X", "[1]", "FLOAT32", "[1]"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response))
        .startsWith(
            "input 'X'.datatype: 'FLOAT32' is not a protocol datatype (expected: one of BOOL,")
        .endsWith("BYTES)");
  }

  @Test
  void dataCountMustMatchTheShape() throws Exception {
    assertError(
        inferOne("echo", input("X", "[2,2]", "FP32", "[[1,2],[3]]")),
        400,
        "input 'X': data has 3 elements but its shape calls for 4");
    assertError(
        inferOne("echo", input("X", "[3]", "FP32", "[1,2,3,4]")),
        400,
        "input 'X': data has more elements than its shape calls for (3)");
  }

  @Test
  void shapeDimensionsMustBeNonNegativeAndBounded() throws Exception {
    assertError(
        inferOne("echo", input("X", "[2,-1]", "FP32", "[1,2]")),
        400,
        "input 'X'.shape[1]: -1 (expected: a non-negative integer)");
    assertError(
        inferOne("echo", input("X", "[99999999999999999999]", "FP32", "[1]")),
        400,
        "input 'X'.shape[0]: larger than 9223372036854775807 (expected: a non-negative integer)");
    assertError(
        inferOne("echo", input("X", "[4294967296,4294967296]", "FP32", "[1]")),
        413,
        "input 'X'.shape: [4294967296, 4294967296] has more than 1048576 elements (limit: maxElements)");
    assertError(
        inferOne("echo", input("X", "[1,1,1,1,1]", "FP32", "[1]")),
        400,
        "input 'X'.shape: more than 4 dimensions (limit: maxRank)");
    assertError(
        inferOne("echo", input("X", "[1.5]", "FP32", "[1]")),
        400,
        "input 'X'.shape[0]: expected a non-negative integer");
  }

  @Test
  void shapesLargerThanTheBodyCanHoldAreRefusedBeforeAllocating() throws Exception {
    assertError(
        inferOne("echo", input("X", "[1000000]", "FP64", "[1]")),
        400,
        "input 'X': shape [1000000] calls for 1000000 elements but a 72-byte JSON body holds at"
            + " most 37");
  }

  @Test
  void missingInputsOrInputFieldsAreRejected() throws Exception {
    assertError(
        infer("echo", "{\"id\":\"a\"}"),
        400,
        "inputs: missing (expected: an array of input tensors)");
    assertError(
        infer("echo", "{\"inputs\":[{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}"),
        400,
        "inputs[0].name: missing (expected: the input's name)");
    assertError(
        infer("echo", "{\"inputs\":[{\"name\":\"X\",\"shape\":[1],\"datatype\":\"FP32\"}]}"),
        400,
        "input 'X': no data (expected: data or parameters.binary_data_size)");
    assertError(infer("echo", "[1,2]"), 400, "request body: expected a JSON object");
  }

  @Test
  void duplicateInputNamesAreRejected() throws Exception {
    assertError(
        infer(
            "simple",
            "{\"inputs\":["
                + input("INPUT0", "[16]", "INT32", ONES)
                + ","
                + input("INPUT0", "[16]", "INT32", ONES)
                + "]}"),
        400,
        "inputs[1].name: duplicate input 'INPUT0'");
  }

  @Test
  void tooManyInputsAre413() throws Exception {
    String one = input("A", "[1]", "FP32", "[1]");
    StringBuilder many = new StringBuilder("{\"inputs\":[");
    for (int i = 0; i < 5; i++) {
      many.append(i == 0 ? "" : ",").append(one.replace("\"A\"", "\"A" + i + "\""));
    }
    assertError(
        infer("echo", many.append("]}").toString()),
        413,
        "inputs: more than 4 inputs (limit: maxInputs)");
  }

  @Test
  void malformedJsonNamesLineAndColumnWithoutJavaNames() throws Exception {
    HttpResponse<byte[]> response = infer("echo", "{\"inputs\": [}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response))
        .startsWith("malformed JSON at line 1 column 13: ")
        .doesNotContain("com.fasterxml", "Exception", "Source");
    HttpResponse<byte[]> truncated = infer("echo", "{\"inputs\": [");
    assertThat(error(truncated)).startsWith("malformed JSON at line 1 column 13: ");
    HttpResponse<byte[]> token = infer("echo", "{\"inputs\": [{\"data\": [secret]}]}");
    assertThat(error(token)).startsWith("malformed JSON").doesNotContain("secret");
  }

  @Test
  void duplicateJsonKeysAreMalformed() throws Exception {
    HttpResponse<byte[]> response = infer("echo", "{\"id\":\"a\",\"id\":\"b\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).startsWith("malformed JSON at line 1 column").contains("'id'");
  }

  @Test
  void jsonDeeperThanTheLimitIsRejected() throws Exception {
    String deep = "[".repeat(40) + "1" + "]".repeat(40);
    HttpResponse<byte[]> response = inferOne("echo", input("X", "[1]", "FP32", deep));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response))
        .startsWith("JSON nested deeper than 32 levels at line 1 column")
        .endsWith("(limit: maxJsonDepth)");
  }

  @Test
  void numbersOutOfRangeNameTheInputAndIndexButNotTheValue() throws Exception {
    assertError(
        inferOne("echo", input("X", "[3]", "UINT8", "[1,300,2]")),
        400,
        "input 'X': data[1] is out of range for UINT8 (expected: an integer in [0, 255])");
    assertError(
        inferOne("echo", input("X", "[2]", "INT32", "[1,2.5]")),
        400,
        "input 'X': data[1] is not an integer (expected: an integer in [-2147483648,"
            + " 2147483647] for INT32)");
    assertError(
        inferOne("echo", input("X", "[1]", "INT64", "[9223372036854775808]")),
        400,
        "input 'X': data[0] is out of range for INT64 (expected: an integer in"
            + " [-9223372036854775808, 9223372036854775807])");
    assertError(
        inferOne("echo", input("X", "[1]", "UINT64", "[-1]")),
        400,
        "input 'X': data[0] is out of range for UINT64 (expected: an integer in [0,"
            + " 18446744073709551615])");
    assertError(
        inferOne("echo", input("X", "[1]", "FP16", "[70000]")),
        400,
        "input 'X': data[0] is out of range for FP16 (expected: a number within +-65504)");
    assertError(
        inferOne("echo", input("X", "[1]", "FP32", "[1e39]")),
        400,
        "input 'X': data[0] is out of range for FP32 (expected: a number within +-3.4028235e38)");
    assertError(
        inferOne("echo", input("X", "[1]", "FP32", "[\"1\"]")),
        400,
        "input 'X': data[0] is not a number (expected: a number for FP32)");
    assertError(
        inferOne("echo", input("X", "[1]", "BOOL", "[1]")),
        400,
        "input 'X': data[0] is not a boolean (expected: true or false)");
    assertError(
        inferOne("text", input("TEXT", "[1]", "BYTES", "[1]")),
        400,
        "input 'TEXT': data[0] is not a string (expected: a string for BYTES)");
  }

  @Test
  void overlongStringsAre413() throws Exception {
    assertError(
        inferOne("text", input("TEXT", "[1]", "BYTES", "[\"" + "é".repeat(40) + "\"]")),
        413,
        "input 'TEXT': data[0] is longer than 64 bytes (limit: maxStringBytes)");
  }

  @Test
  void schedulingParametersAreChecked() throws Exception {
    assertError(
        infer(
            "echo",
            "{\"parameters\":{\"priority\":-1},\"inputs\":["
                + input("X", "[1]", "FP32", "[1]")
                + "]}"),
        400,
        "parameters.priority: expected an integer in [0, 2147483647]");
    assertError(
        infer(
            "echo",
            "{\"parameters\":{\"timeout\":\"soon\"},\"inputs\":["
                + input("X", "[1]", "FP32", "[1]")
                + "]}"),
        400,
        "parameters.timeout: expected an integer in [0, 9223372036854775807]");
    assertError(
        infer(
            "echo",
            "{\"parameters\":{\"nested\":{}},\"inputs\":["
                + input("X", "[1]", "FP32", "[1]")
                + "]}"),
        400,
        "parameters.nested: expected a boolean, number or string");
  }

  private static HttpResponse<byte[]> binary(String header, int headerLength, byte[] sections)
      throws Exception {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[json.length + sections.length];
    System.arraycopy(json, 0, body, 0, json.length);
    System.arraycopy(sections, 0, body, json.length, sections.length);
    return raw(
        "application/octet-stream",
        body,
        "Inference-Header-Content-Length",
        Integer.toString(headerLength));
  }

  private static final String BINARY_HEADER =
      "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[16],\"datatype\":\"INT32\","
          + "\"parameters\":{\"binary_data_size\":64}},"
          + "{\"name\":\"INPUT1\",\"shape\":[16],\"datatype\":\"INT32\","
          + "\"parameters\":{\"binary_data_size\":64}}]}";

  @Test
  void binarySectionsMustAddUpToTheBytesAfterTheHeader() throws Exception {
    int length = BINARY_HEADER.length();
    assertError(
        binary(BINARY_HEADER, length, new byte[100]),
        400,
        "binary data is truncated: inputs declare 128 bytes in parameters.binary_data_size but"
            + " 100 bytes follow the JSON header");
    assertError(
        binary(BINARY_HEADER, length, new byte[130]),
        400,
        "binary data has 2 bytes more than the inputs declare in parameters.binary_data_size"
            + " (128 bytes)");
  }

  @Test
  void binaryDataSizeMustMatchTheShape() throws Exception {
    String header = BINARY_HEADER.replace("64}}]}", "60}}]}");
    assertError(
        binary(header, header.length(), new byte[124]),
        400,
        "tensor 'INPUT1': 60 bytes of data for shape [16] of INT32 (expected: 64 bytes)");
  }

  @Test
  void headerLengthLargerThanTheBodyIsRejected() throws Exception {
    assertError(
        binary(BINARY_HEADER, 100_000, new byte[128]),
        400,
        "Inference-Header-Content-Length: 100000 is larger than the body ("
            + (BINARY_HEADER.length() + 128)
            + " bytes)");
    assertError(
        binary(BINARY_HEADER, -5, new byte[128]),
        400,
        "Inference-Header-Content-Length: '-5' (expected: a non-negative integer)");
  }

  @Test
  void binaryBodyWithoutTheHeaderIsRejected() throws Exception {
    byte[] body = (BINARY_HEADER + "\0\0\0\0").getBytes(StandardCharsets.UTF_8);
    assertError(
        raw("application/octet-stream", body),
        400,
        "an application/octet-stream body needs the Inference-Header-Content-Length header (the"
            + " length of its JSON part)");
    assertError(
        raw(null, body),
        400,
        "unexpected content after the JSON request; a binary body needs the"
            + " Inference-Header-Content-Length header");
    assertError(
        raw("application/json", BINARY_HEADER.getBytes(StandardCharsets.UTF_8)),
        400,
        "input 'INPUT0': parameters.binary_data_size needs the Inference-Header-Content-Length"
            + " header");
  }

  @Test
  void unsupportedContentTypesAre415() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertError(
        raw("text/plain", body),
        415,
        "Content-Type: 'text/plain' is not supported (expected: application/json, or"
            + " application/octet-stream with the Inference-Header-Content-Length header)");
    assertThat(raw("application/xml", body).statusCode()).isEqualTo(415);
    assertError(
        raw("application/json", body, "Content-Encoding", "br"),
        415,
        "Content-Encoding: 'br' is not supported (expected: gzip or deflate)");
  }

  @Test
  void bodiesOverTheLimitAre413WhileStreaming() throws Exception {
    byte[] big = new byte[MAX_BYTES + 1];
    assertError(
        raw("application/json", big),
        413,
        "request body is larger than 16384 bytes (limit: maxRequestBytes)");
    HttpResponse<byte[]> chunked =
        server.send(
            HttpRequest.newBuilder(server.uri("/v2/models/simple/infer"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[MAX_BYTES * 4])))
                .build());
    assertError(chunked, 413, "request body is larger than 16384 bytes (limit: maxRequestBytes)");
  }

  @Test
  void compressedBodiesThatInflatePastTheLimitAre413() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[MAX_BYTES * 8]);
    }
    assertError(
        raw("application/json", zipped.toByteArray(), "Content-Encoding", "gzip"),
        413,
        "request body inflates to more than 16384 bytes (limit: maxRequestBytes)");
  }

  @Test
  void engineValidationMessagesPassThrough() throws Exception {
    assertError(
        infer(
            "simple",
            "{\"inputs\":["
                + input("INPUT0", "[16]", "INT32", ONES)
                + ","
                + input("INPUT1", "[16]", "INT32", ONES)
                + "],\"outputs\":[{\"name\":\"OUTPUT9\"}]}"),
        400,
        "unknown output 'OUTPUT9' for model 'simple'");
  }

  @Test
  void unexpectedFailuresAreAGeneric500() throws Exception {
    HttpResponse<byte[]> response = inferOne("broken", input("X", "[1]", "FP32", "[1]"));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(error(response))
        .startsWith("internal error; quote request ")
        .doesNotContain("secret", "IllegalState");
  }
}
