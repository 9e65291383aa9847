package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferInputTensor;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.repository.ModelControlMode;
import io.medulla.server.RawHttp.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-request catalogue: starts the real server on {@code testdata/models} and sends
 * truncated, oversized, mistyped, overflowing, deeply nested and path-traversing requests over REST
 * and gRPC, and abuses headers. Each case asserts its answer (HTTP status or gRPC code), that the
 * answer echoes neither payload values nor a server file path nor a stack trace, and that the
 * server still answers a valid inference correctly afterwards.
 *
 * <p>Every REST request goes through {@link #rest} and every gRPC call through {@link #grpc()};
 * both add what {@link #authHeaders()} returns, the one place to put credentials.
 */
class HostileRequestsIntegrationTest {
  private static final Path MODELS = Path.of("..", "testdata", "models");
  private static final int MAX_BYTES = 4 << 20;

  /** A value no valid request here uses: an answer that contains it echoed the payload. */
  private static final String MARKER = "31337.4242";

  private static final String INFER = "/v2/models/reshape/infer";
  private static final String JSON = "Content-Type: application/json";
  private static final String OCTETS = "Content-Type: application/octet-stream";

  private static MedullaServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    server =
        MedullaServer.start(
            LocalTrial.builder(MODELS)
                .maxRequestBytes(MAX_BYTES)
                .modelControl(ModelControlMode.EXPLICIT, List.of("reshape", "all_types"))
                .build());
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /**
   * Returns the headers (REST) and metadata (gRPC) that every request of this test carries: none,
   * since the server maps loopback requests without credentials to the default tenant
   * (SecurityIntegrationTest covers credentials). The one place to add a credential:
   * PatientDataCanaryIntegrationTest sends the same.
   */
  static Map<String, String> authHeaders() {
    return Map.of();
  }

  /** Sends a REST request with {@link #authHeaders()} ahead of {@code headers}. */
  private static Answer rest(String method, String target, List<String> headers, byte[] body) {
    List<String> all = new ArrayList<>();
    authHeaders().forEach((name, value) -> all.add(name + ": " + value));
    all.addAll(headers);
    return RawHttp.send(server.httpPort(), method, target, all, body);
  }

  /** Returns a gRPC stub whose calls carry {@link #authHeaders()} as metadata. */
  private static GRPCInferenceServiceBlockingStub grpc() {
    Metadata metadata = new Metadata();
    authHeaders()
        .forEach(
            (name, value) ->
                metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A REST case: the request, the expected status, and strings the answer must not contain. */
  private record RestCase(
      String name,
      String method,
      String target,
      List<String> headers,
      byte[] body,
      int status,
      List<String> echoes) {}

  /** A gRPC case: the call and the expected code. */
  private record GrpcCase(
      String name, Consumer<GRPCInferenceServiceBlockingStub> call, Status.Code code) {}

  @Test
  void theCatalogueHasAtLeastFortyCases() {
    assertThat(restCases().size() + grpcCases().size()).isGreaterThanOrEqualTo(40);
  }

  @TestFactory
  Stream<DynamicTest> everyHostileRestRequestIsRefusedAndTheServerStillServes() {
    return restCases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Answer a = rest(c.method(), c.target(), c.headers(), c.body());
                      assertThat(a.status()).as("%s: %s", c.name(), a.text()).isEqualTo(c.status());
                      assertNoLeak(a.text(), c.echoes());
                      assertStillServes();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyHostileGrpcRequestIsRefusedAndTheServerStillServes() {
    return grpcCases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      assertThatThrownBy(() -> c.call().accept(grpc()))
                          .isInstanceOfSatisfying(
                              StatusRuntimeException.class,
                              e -> {
                                assertThat(e.getStatus().getCode())
                                    .as("%s: %s", c.name(), e.getStatus())
                                    .isEqualTo(c.code());
                                assertNoLeak(
                                    String.valueOf(e.getStatus().getDescription()), List.of());
                              });
                      assertStillServes();
                    }));
  }

  private static void assertNoLeak(String answer, List<String> echoes) {
    assertThat(answer)
        .doesNotContain(MARKER)
        .doesNotContain(MODELS.toAbsolutePath().normalize().toString())
        .doesNotContain("testdata")
        .doesNotContain("model.onnx")
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("root:");
    for (String echo : echoes) {
      assertThat(answer).doesNotContain(echo);
    }
  }

  /** Asserts that a valid request to {@code reshape} gets the right answer on REST and gRPC. */
  private static void assertStillServes() {
    Answer a = rest("POST", INFER, List.of(JSON), utf8(valid("[1,2,3,4]")));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.text()).contains("\"name\":\"OUTPUT1\"").contains("[3.0,7.0]");
    ModelInferResponse r =
        grpc()
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("reshape")
                    .addInputs(input("INPUT0", "FP32", 1, 4))
                    .addRawInputContents(floats(1, 2, 3, 4))
                    .build());
    ByteBuffer sums =
        r.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(sums.getFloat()).isEqualTo(3f);
    assertThat(sums.getFloat()).isEqualTo(7f);
  }

  // ---- REST ----------------------------------------------------------------------------------

  private static List<RestCase> restCases() {
    List<RestCase> c = new ArrayList<>();
    // Truncated and malformed bodies.
    c.add(json("truncated JSON", valid("[1,2,3," + MARKER).substring(0, 70), 400));
    c.add(json("empty body", "", 400));
    c.add(json("JSON array instead of an object", "[" + valid("[1,2,3,4]") + "]", 400));
    c.add(json("trailing garbage after the JSON", valid("[1,2,3,4]") + "}{" + MARKER, 400));
    c.add(raw("invalid UTF-8 in a string", JSON, invalidUtf8(), 400));
    c.add(json("missing inputs", "{\"id\":\"x\"}", 400));
    // Shapes and element counts.
    c.add(json("negative dimension", input("[-1,4]", "[1,2,3,4]"), 400));
    c.add(json("shape [2^31, 2^31]", input("[2147483648,2147483648]", "[1]"), 413));
    c.add(json("shape overflowing int64", input("[4611686018427387904,4,4]", "[1]"), 413));
    c.add(json("dimension beyond int64", input("[99999999999999999999,4]", "[1]"), 400));
    c.add(json("rank 17", input("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,4]", "[1,2,3,4]"), 400));
    c.add(json("too few elements", input("[1,4]", "[1,2," + MARKER + "]"), 400));
    c.add(json("too many elements", input("[1,4]", "[1,2,3,4," + MARKER + "]"), 400));
    c.add(json("zero-element shape", input("[0,4]", "[]"), 400));
    // Types and values.
    c.add(json("wrong datatype for the model", typed("INT32", "[1,4]", "[1,2,3,4]"), 400));
    c.add(
        json(
            "unknown datatype",
            typed("FLOAT" + "9".repeat(40), "[1,4]", "[1,2,3,4]"),
            400,
            "9".repeat(40)));
    c.add(json("NaN literal in FP32 data", valid("[NaN,1,2," + MARKER + "]"), 400));
    c.add(json("Infinity literal in FP32 data", valid("[Infinity,1,2," + MARKER + "]"), 400));
    c.add(json("1e400 in FP32 data", valid("[1e400,1,2," + MARKER + "]"), 400));
    c.add(json("huge integer for INT8", allTypes("INT8", "[1]", "[99999999999999999999999]"), 400));
    c.add(json("300 for INT8", allTypes("INT8", "[2]", "[300,-300]"), 400));
    c.add(json("strings where numbers go", valid("[\"1\",\"2\",\"3\",\"" + MARKER + "\"]"), 400));
    c.add(json("a number where a string goes", allTypes("BYTES", "[1]", "[" + MARKER + "]"), 400));
    c.add(json("objects in data", valid("[{\"v\":" + MARKER + "},1,2,3]"), 400));
    // Nesting, lengths and counts.
    c.add(json("10,000 nested brackets", valid("[".repeat(10_000) + "]".repeat(10_000)), 400));
    c.add(
        json(
            "10,000 nested objects in parameters",
            "{\"parameters\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001),
            400));
    String longString = "Z".repeat(3 << 20);
    c.add(json("3 MiB datatype string", typed(longString, "[1,4]", "[1,2,3,4]"), 400, "ZZZZZZZZ"));
    c.add(json("3 MiB string in FP32 data", valid("[\"" + longString + "\",1,2,3]"), 400, "ZZZZ"));
    c.add(json("65 inputs", manyInputs(65), 413));
    c.add(json("duplicate input names", duplicateInputs(), 400));
    c.add(json("string priority", withParameters("{\"priority\":\"high\"}"), 400));
    c.add(json("negative timeout", withParameters("{\"timeout\":-1}"), 400));
    c.add(json("negative binary_data_size", binaryHeader(-1), 400));
    // Binary tensor data.
    c.add(binary("binary section truncated", binaryHeader(16), floats(1, 2), 400));
    c.add(binary("binary section too long", binaryHeader(16), floats(1, 2, 3, 4, 5), 400));
    c.add(
        new RestCase(
            "Inference-Header-Content-Length larger than the body",
            "POST",
            INFER,
            List.of(OCTETS, "Inference-Header-Content-Length: 99999"),
            utf8(binaryHeader(16)),
            400,
            List.of()));
    c.add(
        new RestCase(
            "negative Inference-Header-Content-Length",
            "POST",
            INFER,
            List.of(OCTETS, "Inference-Header-Content-Length: -5"),
            utf8(binaryHeader(16)),
            400,
            List.of()));
    c.add(
        raw(
            "octet-stream without Inference-Header-Content-Length",
            OCTETS,
            floats(1).toByteArray(),
            400));
    c.add(bytesBeyondBuffer());
    // Size limits and encodings.
    c.add(raw("body over the limit", JSON, new byte[MAX_BYTES + 1], 413));
    c.add(gzipBomb());
    c.add(
        new RestCase(
            "gzip header on data that is not gzip",
            "POST",
            INFER,
            List.of(JSON, "Content-Encoding: gzip"),
            utf8(valid("[1,2,3,4]")),
            400,
            List.of()));
    c.add(
        new RestCase(
            "unsupported Content-Encoding",
            "POST",
            INFER,
            List.of(JSON, "Content-Encoding: br"),
            utf8(valid("[1,2,3,4]")),
            415,
            List.of()));
    c.add(raw("wrong Content-Type", "Content-Type: text/plain", utf8(valid("[1,2,3,4]")), 415));
    c.addAll(headerAndRouteCases());
    return c;
  }

  private static List<RestCase> headerAndRouteCases() {
    List<RestCase> c = new ArrayList<>();
    byte[] body = utf8(valid("[1,2,3,4]"));
    c.add(route("unknown model", "/v2/models/no_such_model/infer", 404));
    c.add(route("path traversal in the model name", "/v2/models/../../etc/passwd/infer", 400));
    c.add(route("URL-encoded traversal", "/v2/models/%2e%2e%2f%2e%2e%2fetc%2fpasswd/infer", 400));
    c.add(route("encoded slash in the model name", "/v2/models/..%2F..%2Fetc/infer", 400));
    c.add(route("backslashes in the model name", "/v2/models/..\\..\\etc\\passwd/infer", 400));
    c.add(route("NUL in the model name", "/v2/models/reshape%00.onnx/infer", 400));
    c.add(route("absurd version", "/v2/models/reshape/versions/99999999999999999999/infer", 404));
    c.add(route("negative version", "/v2/models/reshape/versions/-1/infer", 404));
    c.add(route("version with traversal", "/v2/models/reshape/versions/..%2F1/infer", 400));
    c.add(
        new RestCase(
            "header over 8 KiB",
            "POST",
            INFER,
            List.of(JSON, "X-Pad: " + "a".repeat(16 << 10)),
            body,
            431,
            List.of()));
    List<String> many = new ArrayList<>(List.of(JSON));
    for (int i = 0; i < 2000; i++) {
      many.add("X-Pad-" + i + ": v");
    }
    c.add(new RestCase("2,000 headers", "POST", INFER, many, body, 431, List.of()));
    c.add(
        new RestCase(
            "conflicting Content-Length headers",
            "POST",
            INFER,
            List.of(JSON, "Content-Length: " + body.length, "Content-Length: 3"),
            body,
            400,
            List.of()));
    c.add(new RestCase("GET on infer", "GET", INFER, List.of(), new byte[0], 405, List.of()));
    c.add(new RestCase("DELETE on infer", "DELETE", INFER, List.of(), body, 405, List.of()));
    return c;
  }

  private static RestCase json(String name, String body, int status, String... echoes) {
    return new RestCase(name, "POST", INFER, List.of(JSON), utf8(body), status, List.of(echoes));
  }

  private static RestCase raw(String name, String contentType, byte[] body, int status) {
    return new RestCase(name, "POST", INFER, List.of(contentType), body, status, List.of());
  }

  private static RestCase route(String name, String target, int status) {
    return new RestCase(
        name, "POST", target, List.of(JSON), utf8(valid("[1,2,3,4]")), status, List.of("passwd"));
  }

  private static RestCase binary(String name, String header, ByteString data, int status) {
    return framed(name, header, data.toByteArray(), status);
  }

  /** Returns a case with a JSON header and binary sections after it. */
  private static RestCase framed(String name, String header, byte[] sections, int status) {
    byte[] json = utf8(header);
    ByteBuffer body = ByteBuffer.allocate(json.length + sections.length).put(json).put(sections);
    return new RestCase(
        name,
        "POST",
        INFER,
        List.of(OCTETS, "Inference-Header-Content-Length: " + json.length),
        body.array(),
        status,
        List.of());
  }

  private static RestCase bytesBeyondBuffer() {
    String header =
        "{\"inputs\":[{\"name\":\"IN_STRING\",\"datatype\":\"BYTES\",\"shape\":[1],"
            + "\"parameters\":{\"binary_data_size\":6}}]}";
    byte[] section =
        ByteBuffer.allocate(6)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(1_000_000)
            .put(utf8("ab"))
            .array();
    RestCase c = framed("BYTES length prefix beyond the buffer", header, section, 400);
    return new RestCase(
        c.name(),
        c.method(),
        "/v2/models/all_types/infer",
        c.headers(),
        c.body(),
        c.status(),
        c.echoes());
  }

  private static RestCase gzipBomb() {
    // Concatenated gzip members of 16 MiB of zeros each: about 2 MiB that inflate to 2 GiB.
    byte[] member;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(new byte[16 << 20]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    member = out.toByteArray();
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    for (int i = 0; i < 128; i++) {
      bomb.write(member, 0, member.length);
    }
    return new RestCase(
        "gzip bomb (2 MiB inflating to 2 GiB)",
        "POST",
        INFER,
        List.of(JSON, "Content-Encoding: gzip"),
        bomb.toByteArray(),
        413,
        List.of());
  }

  private static String valid(String data) {
    return input("[1,4]", data);
  }

  private static String input(String shape, String data) {
    return typed("FP32", shape, data);
  }

  private static String typed(String type, String shape, String data) {
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\""
        + type
        + "\",\"shape\":"
        + shape
        + ",\"data\":"
        + data
        + "}]}";
  }

  private static String allTypes(String type, String shape, String data) {
    String name = type.equals("BYTES") ? "IN_STRING" : "IN_" + type;
    return typed(type, shape, data).replace("\"INPUT0\"", "\"" + name + "\"");
  }

  private static String withParameters(String parameters) {
    return "{\"parameters\":" + parameters + "," + valid("[1,2,3,4]").substring(1);
  }

  private static String binaryHeader(int size) {
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,4],"
        + "\"parameters\":{\"binary_data_size\":"
        + size
        + "}}]}";
  }

  private static String manyInputs(int n) {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputs.add("{\"name\":\"IN" + i + "\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}");
    }
    return "{\"inputs\":[" + String.join(",", inputs) + "]}";
  }

  private static String duplicateInputs() {
    String one = valid("[1,2,3,4]");
    String input = one.substring("{\"inputs\":[".length(), one.length() - 2);
    return "{\"inputs\":[" + input + "," + input + "]}";
  }

  private static byte[] invalidUtf8() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("{\"id\":\""));
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
    out.writeBytes(utf8("\"," + valid("[1,2,3,4]").substring(1)));
    return out.toByteArray();
  }

  // ---- gRPC ----------------------------------------------------------------------------------

  private static List<GrpcCase> grpcCases() {
    List<GrpcCase> c = new ArrayList<>();
    c.add(
        grpcInfer(
            "raw_input_contents: two entries for one input",
            request("reshape", input("INPUT0", "FP32", 1, 4))
                .addRawInputContents(floats(1, 2, 3, 4))
                .addRawInputContents(floats(1, 2, 3, 4)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "raw_input_contents: 12 bytes for [1, 4] FP32",
            request("reshape", input("INPUT0", "FP32", 1, 4)).addRawInputContents(floats(1, 2, 3)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "shape overflowing int64",
            request("reshape", input("INPUT0", "FP32", 1L << 62, 1L << 62))
                .addRawInputContents(floats(1)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "negative dimension",
            request("reshape", input("INPUT0", "FP32", -1, 4)).addRawInputContents(floats(1)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "unknown datatype",
            request("reshape", input("INPUT0", "FLOAT99", 1, 4))
                .addRawInputContents(floats(1, 2, 3, 4)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "unknown model",
            request("no_such_model", input("INPUT0", "FP32", 1, 4))
                .addRawInputContents(floats(1, 2, 3, 4)),
            Status.Code.NOT_FOUND));
    c.add(
        grpcInfer(
            "path traversal in the model name",
            request("../../etc/passwd", input("INPUT0", "FP32", 1, 4))
                .addRawInputContents(floats(1, 2, 3, 4)),
            Status.Code.NOT_FOUND));
    c.add(
        grpcInfer(
            "empty model name",
            request("", input("INPUT0", "FP32", 1, 4)).addRawInputContents(floats(1, 2, 3, 4)),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "typed contents in the wrong field",
            request(
                "reshape",
                input("INPUT0", "FP32", 1, 4)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addAllInt64Contents(List.of(1L, 2L, 3L, 4L)))),
            Status.Code.INVALID_ARGUMENT));
    ByteBuffer beyond = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
    c.add(
        grpcInfer(
            "BYTES length prefix beyond the buffer",
            request("all_types", input("IN_STRING", "BYTES", 1))
                .addRawInputContents(ByteString.copyFrom(beyond.array())),
            Status.Code.INVALID_ARGUMENT));
    c.add(
        grpcInfer(
            "message over the size limit",
            request("reshape", input("INPUT0", "FP32", 1, 4))
                .addRawInputContents(ByteString.copyFrom(new byte[MAX_BYTES + 1])),
            Status.Code.RESOURCE_EXHAUSTED));
    c.add(
        grpcInfer(
            "duplicate input names",
            request("reshape", input("INPUT0", "FP32", 1, 4), input("INPUT0", "FP32", 1, 4))
                .addAllRawInputContents(Collections.nCopies(2, floats(1, 2, 3, 4))),
            Status.Code.INVALID_ARGUMENT));
    return c;
  }

  private static GrpcCase grpcInfer(
      String name, ModelInferRequest.Builder request, Status.Code code) {
    ModelInferRequest built = request.build();
    return new GrpcCase(name, stub -> stub.modelInfer(built), code);
  }

  private static ModelInferRequest.Builder request(String model, InferInputTensor.Builder... in) {
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
    for (InferInputTensor.Builder i : in) {
      b.addInputs(i);
    }
    return b;
  }

  private static InferInputTensor.Builder input(String name, String type, long... shape) {
    InferInputTensor.Builder b = InferInputTensor.newBuilder().setName(name).setDatatype(type);
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  private static ByteString floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return ByteString.copyFrom(b.array());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
