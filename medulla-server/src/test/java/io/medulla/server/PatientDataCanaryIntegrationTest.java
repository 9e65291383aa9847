package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.inference.RequestId;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferInputTensor;
import io.medulla.repository.ModelControlMode;
import io.medulla.server.RawHttp.Answer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No patient data in telemetry: sends inference requests whose tensors hold marker values (an FP32
 * value, an integer and a BYTES string) over REST JSON, REST binary and gRPC, valid ones and ones
 * that fail validation, with every logger at DEBUG; then scans every captured log event (message,
 * arguments, MDC, throwable), the {@code /metrics} and statistics text, and every error answer, for
 * each marker in decimal, little-endian hex and base64 form.
 */
class PatientDataCanaryIntegrationTest {
  private static final Path MODELS = Path.of("..", "testdata", "models");
  private static final float FP32 = 31337.4242f;
  private static final int INT = 313_374_242;
  private static final String TEXT = "PHI-CANARY-7d1f";

  /** The tests' own gRPC client logs its frames at DEBUG; it is not the server. */
  private static final String CLIENT_LOGGERS = "io.grpc.netty.shaded.";

  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private static Level rootLevel;
  private static MedullaServer server;
  private static ManagedChannel channel;
  private static final List<String> errorAnswers = new ArrayList<>();
  private static final List<Appender<ILoggingEvent>> muted = new ArrayList<>();

  /** Logs a marker on purpose, to prove that the scan sees DEBUG arguments. */
  private static final String CONTROL = "io.medulla.canary.control";

  @BeforeAll
  static void start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    // Everything at DEBUG goes to the list only: the console would drown the build log.
    root.iteratorForAppenders().forEachRemaining(muted::add);
    muted.forEach(root::detachAppender);
    logs.setContext(context);
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    server =
        MedullaServer.start(
            LocalTrial.builder(MODELS)
                .modelControl(ModelControlMode.EXPLICIT, List.of("reshape", "all_types"))
                .build());
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
    root.detachAppender(logs);
    muted.forEach(root::addAppender);
    root.setLevel(rootLevel);
  }

  @Test
  void telemetryAndErrorsNeverCarryTensorContents() {
    LoggerFactory.getLogger(CONTROL).debug("planted {}", TEXT);
    sendRestJson();
    sendRestBinary();
    sendGrpc();
    String metrics = get(server.metricsPort(), "/metrics");
    String stats = get(server.httpPort(), "/v2/models/stats");
    assertThat(metrics).contains("nv_inference_request_success");

    List<String> markers = markers();
    List<String> events = new ArrayList<>();
    synchronized (logs) {
      for (ILoggingEvent e : logs.list) {
        if (!e.getLoggerName().startsWith(CLIENT_LOGGERS)) {
          events.add(render(e));
        }
      }
    }
    assertThat(events).as("the planted control event").anyMatch(e -> e.contains(TEXT));
    events.removeIf(e -> e.startsWith(CONTROL + " "));
    assertThat(events).as("captured DEBUG events").hasSizeGreaterThan(10);
    assertThat(errorAnswers).as("error answers").hasSizeGreaterThanOrEqualTo(8);
    for (String marker : markers) {
      assertThat(events).as("logs").noneMatch(e -> e.contains(marker));
      assertThat(metrics).as("metrics").doesNotContain(marker);
      assertThat(stats).as("statistics").doesNotContain(marker);
      assertThat(errorAnswers).as("error answers").noneMatch(a -> a.contains(marker));
    }
  }

  @Test
  void requestIdsAreOpaque() {
    String bootId = Protocols.newBootId();
    assertThat(bootId).matches("[0-9a-f]{8}");
    Supplier<RequestId> rest = Protocols.requestIds(bootId, "h");
    Supplier<RequestId> grpc = Protocols.requestIds(bootId, "g");
    RequestId first = rest.get();
    assertThat(first.value()).matches("[0-9a-f]{8}-h[0-9a-f]+").startsWith(bootId + "-h");
    assertThat(first.value()).isNotIn("1", "h1", "0");
    assertThat(grpc.get().value()).matches("[0-9a-f]{8}-g[0-9a-f]+").isNotEqualTo(first.value());
    assertThat(rest.get()).isNotEqualTo(first);
  }

  /** Returns every form a marker could take in text: decimal, hex and base64. */
  private static List<String> markers() {
    List<String> out = new ArrayList<>();
    out.add(TEXT);
    out.add(Base64.getEncoder().encodeToString(TEXT.getBytes(StandardCharsets.UTF_8)));
    out.add(HexFormat.of().formatHex(TEXT.getBytes(StandardCharsets.UTF_8)));
    out.add("31337.42");
    out.add(Float.toString(FP32));
    out.add(Double.toString(FP32));
    out.add(Integer.toString(INT));
    byte[] f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(FP32).array();
    byte[] i = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(INT).array();
    for (byte[] b : List.of(f, i)) {
      out.add(HexFormat.of().formatHex(b));
      out.add(HexFormat.of().withUpperCase().formatHex(b));
      out.add(HexFormat.ofDelimiter(" ").formatHex(b));
      byte[] three = new byte[12];
      for (int k = 0; k < 12; k++) {
        three[k] = b[k % 4];
      }
      out.add(Base64.getEncoder().encodeToString(three));
    }
    return out;
  }

  private static String render(ILoggingEvent e) {
    StringBuilder s = new StringBuilder(e.getLoggerName()).append(' ');
    s.append(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
    if (e.getArgumentArray() != null) {
      for (Object a : e.getArgumentArray()) {
        s.append(' ').append(a instanceof byte[] b ? Arrays.toString(b) : String.valueOf(a));
      }
    }
    if (e.getThrowableProxy() != null) {
      s.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    return s.toString();
  }

  // ---- REST ----------------------------------------------------------------------------------

  private static void sendRestJson() {
    String fp32 = Float.toString(FP32);
    String data = "[" + String.join(",", List.of(fp32, fp32, fp32, fp32)) + "]";
    expect(200, postJson("/v2/models/reshape/infer", reshape("[1,4]", data)));
    expect(200, postJson("/v2/models/all_types/infer", allTypes(TEXT)));
    // Failures: wrong shape, wrong type, malformed JSON, an unknown input, a missing input.
    expect(400, postJson("/v2/models/reshape/infer", reshape("[1,3]", data)));
    expect(400, postJson("/v2/models/reshape/infer", reshape("[1,4]", "[\"" + TEXT + "\"]")));
    expect(400, postJson("/v2/models/reshape/infer", reshape("[1,4]", data + ",,")));
    expect(
        400,
        postJson(
            "/v2/models/reshape/infer", reshape("[1,4]", data).replace("INPUT0", "NOT_AN_INPUT")));
    expect(
        400,
        postJson(
            "/v2/models/all_types/infer", allTypes(TEXT).replace("\"IN_BOOL\"", "\"IN_BOOL2\"")));
  }

  private static void sendRestBinary() {
    ByteBuffer tensor = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 4; k++) {
      tensor.putFloat(FP32);
    }
    expect(200, postBinary(binaryHeader("[1,4]", 16), tensor.array()));
    expect(400, postBinary(binaryHeader("[1,3]", 16), tensor.array()));
    expect(400, postBinary(binaryHeader("[1,4]", 12), tensor.array()));
  }

  private static String reshape(String shape, String data) {
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":"
        + shape
        + ",\"data\":"
        + data
        + "}]}";
  }

  private static String allTypes(String text) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("BOOL", "true");
    values.put("UINT8", "7");
    values.put("INT8", "-7");
    values.put("INT16", "700");
    values.put("INT32", Integer.toString(INT));
    values.put("INT64", Integer.toString(INT));
    values.put("FP16", "1.5");
    values.put("FP32", Float.toString(FP32));
    values.put("FP64", Float.toString(FP32));
    values.put("BF16", "2.5");
    values.put("BYTES", "\"" + text + "\"");
    List<String> inputs = new ArrayList<>();
    values.forEach(
        (type, value) ->
            inputs.add(
                "{\"name\":\"IN_"
                    + (type.equals("BYTES") ? "STRING" : type)
                    + "\",\"datatype\":\""
                    + type
                    + "\",\"shape\":[1],\"data\":["
                    + value
                    + "]}"));
    return "{\"inputs\":[" + String.join(",", inputs) + "]}";
  }

  private static String binaryHeader(String shape, int size) {
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":"
        + shape
        + ",\"parameters\":{\"binary_data_size\":"
        + size
        + "}}],\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}}]}";
  }

  /**
   * Sends a request with the credentials of {@link HostileRequestsIntegrationTest#authHeaders()},
   * the one place that says how this suite's requests authenticate.
   */
  private static Answer send(int port, String method, String path, List<String> headers, byte[] b) {
    List<String> all = new ArrayList<>();
    HostileRequestsIntegrationTest.authHeaders().forEach((k, v) -> all.add(k + ": " + v));
    all.addAll(headers);
    return RawHttp.send(port, method, path, all, b);
  }

  private static Answer postJson(String path, String json) {
    return send(
        server.httpPort(),
        "POST",
        path,
        List.of("Content-Type: application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer postBinary(String header, byte[] sections) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    byte[] body =
        ByteBuffer.allocate(json.length + sections.length).put(json).put(sections).array();
    return send(
        server.httpPort(),
        "POST",
        "/v2/models/reshape/infer",
        List.of(
            "Content-Type: application/octet-stream",
            "Inference-Header-Content-Length: " + json.length),
        body);
  }

  private static String get(int port, String path) {
    Answer a = send(port, "GET", path, List.of(), new byte[0]);
    assertThat(a.status()).isEqualTo(200);
    return a.text();
  }

  private static void expect(int status, Answer a) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    if (status != 200) {
      errorAnswers.add(a.text());
    }
  }

  // ---- gRPC ----------------------------------------------------------------------------------

  private static void sendGrpc() {
    Metadata metadata = new Metadata();
    HostileRequestsIntegrationTest.authHeaders()
        .forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    var stub =
        GRPCInferenceServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .withDeadlineAfter(60, TimeUnit.SECONDS);
    ByteBuffer four = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 4; k++) {
      four.putFloat(FP32);
    }
    ByteString raw = ByteString.copyFrom(four.array());
    stub.modelInfer(reshapeRequest(raw, 1, 4));
    ModelInferRequest.Builder all = ModelInferRequest.newBuilder().setModelName("all_types");
    ByteBuffer text = ByteBuffer.allocate(4 + TEXT.length()).order(ByteOrder.LITTLE_ENDIAN);
    text.putInt(TEXT.length()).put(TEXT.getBytes(StandardCharsets.UTF_8));
    Object[][] inputs = {
      {"IN_BOOL", "BOOL", new byte[] {1}},
      {"IN_UINT8", "UINT8", new byte[] {7}},
      {"IN_INT8", "INT8", new byte[] {-7}},
      {"IN_INT16", "INT16", le(2).putShort((short) 700).array()},
      {"IN_INT32", "INT32", le(4).putInt(INT).array()},
      {"IN_INT64", "INT64", le(8).putLong(INT).array()},
      {"IN_FP16", "FP16", le(2).putShort((short) 0x3e00).array()},
      {"IN_FP32", "FP32", le(4).putFloat(FP32).array()},
      {"IN_FP64", "FP64", le(8).putDouble(FP32).array()},
      {"IN_BF16", "BF16", le(2).putShort((short) 0x4020).array()},
      {"IN_STRING", "BYTES", text.array()},
    };
    for (Object[] in : inputs) {
      all.addInputs(
          InferInputTensor.newBuilder()
              .setName((String) in[0])
              .setDatatype((String) in[1])
              .addShape(1));
      all.addRawInputContents(ByteString.copyFrom((byte[]) in[2]));
    }
    stub.modelInfer(all.build());
    List<ModelInferRequest> failing =
        List.of(
            reshapeRequest(raw, 1, 3),
            reshapeRequest(raw.substring(0, 12), 1, 4),
            all.clone().setInputs(10, all.getInputs(10).toBuilder().setDatatype("FP32")).build());
    for (ModelInferRequest r : failing) {
      assertThatThrownBy(() -> stub.modelInfer(r))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> errorAnswers.add(String.valueOf(e.getStatus().getDescription())));
    }
  }

  private static ModelInferRequest reshapeRequest(ByteString raw, long... shape) {
    InferInputTensor.Builder in =
        InferInputTensor.newBuilder().setName("INPUT0").setDatatype("FP32");
    for (long d : shape) {
      in.addShape(d);
    }
    return ModelInferRequest.newBuilder()
        .setModelName("reshape")
        .addInputs(in)
        .addRawInputContents(raw)
        .build();
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
