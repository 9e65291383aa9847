package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.protocol.CallerAuthentication;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelMetadataRequest;
import io.medulla.protocol.grpc.proto.RepositoryIndexRequest;
import io.medulla.protocol.grpc.proto.RepositoryModelLoadRequest;
import io.medulla.protocol.grpc.proto.ServerLiveRequest;
import io.medulla.protocol.grpc.proto.ServerMetadataRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and authorisation over the real server on both protocols, with the tenants file
 * and API keys of {@link SecurityFixture}: missing, wrong and revoked credentials, cross-tenant
 * access, every route family's role, gateways, break-glass and priority caps.
 */
class SecurityIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static final String SIMPLE_JSON =
      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]}],\"parameters\":{PARAMS}}";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dir;
  private static SecurityFixture fixture;
  private static MedullaServer server;
  private static ManagedChannel channel;
  // HTTP/1.1: a refusal sent before the body is read ends an HTTP/2 stream with RST_STREAM,
  // which the JDK client reports as a failure even though the answer arrived.
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fixture = new SecurityFixture(dir);
    server = MedullaServer.start(fixture.config(EXAMPLES).build());
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static String ints() {
    return IntStream.range(0, 16).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static String inferBody(String params) {
    return SIMPLE_JSON.replace("PARAMS", params);
  }

  static HttpResponse<String> rest(
      String method, String path, @Nullable String principal, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    if (principal != null) {
      b.header("Authorization", fixture.bearer(principal));
    }
    headers.forEach(b::header);
    if (method.equals("POST")) {
      b.header("Content-Type", "application/json");
    }
    String body = path.endsWith("/infer") ? inferBody("") : "";
    b.method(
        method,
        method.equals("GET")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String method, String path, @Nullable String principal)
      throws Exception {
    return rest(method, path, principal, Map.of()).statusCode();
  }

  private static HttpResponse<String> infer(
      String model, String principal, Map<String, String> headers, String params) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.httpPort() + "/v2/models/" + model + "/infer"))
            .header("Authorization", fixture.bearer(principal))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(inferBody(params)));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static GRPCInferenceServiceBlockingStub grpc(
      @Nullable String authorization, Map<String, String> extra) {
    Metadata metadata = new Metadata();
    if (authorization != null) {
      metadata.put(AUTHORIZATION, authorization);
    }
    extra.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static GRPCInferenceServiceBlockingStub grpcAs(String principal) {
    return grpc(fixture.bearer(principal), Map.of());
  }

  private static ModelInferRequest grpcSimple(String model) {
    ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      raw.putInt(i);
    }
    com.google.protobuf.ByteString bytes = com.google.protobuf.ByteString.copyFrom(raw.array());
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
    for (String name : new String[] {"INPUT0", "INPUT1"}) {
      b.addInputs(
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(name)
              .setDatatype("INT32")
              .addShape(1)
              .addShape(16));
      b.addRawInputContents(bytes);
    }
    return b.build();
  }

  private static Status.Code grpcCode(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return e.getStatus().getCode();
  }

  @Test
  void healthProbesStayOpenWithoutCredentials() throws Exception {
    assertThat(status("GET", "/v2/health/live", null)).isEqualTo(200);
    assertThat(status("GET", "/v2/health/ready", null)).isEqualTo(200);
    assertThat(grpc(null, Map.of()).serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
        .isTrue();
  }

  @Test
  void everyOtherRouteNeedsCredentialsOnBothProtocols() throws Exception {
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("/v2", "GET");
    routes.put("/v2/models/simple", "GET");
    routes.put("/v2/models/simple/ready", "GET");
    routes.put("/v2/models/simple/config", "GET");
    routes.put("/v2/models/simple/stats", "GET");
    routes.put("/v2/models/simple/infer", "POST");
    routes.put("/v2/repository/index", "POST");
    routes.put("/v2/repository/models/simple/load", "POST");
    routes.put("/v2/repository/models/simple/unload", "POST");
    for (Map.Entry<String, String> r : routes.entrySet()) {
      HttpResponse<String> answer = rest(r.getValue(), r.getKey(), null, Map.of());
      assertThat(answer.statusCode()).as(r.getKey()).isEqualTo(401);
      assertThat(answer.headers().firstValue("www-authenticate")).isPresent();
    }
    GRPCInferenceServiceBlockingStub anonymous = grpc(null, Map.of());
    assertThat(grpcCode(() -> anonymous.serverMetadata(ServerMetadataRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(grpcCode(() -> anonymous.modelInfer(grpcSimple("simple"))))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(
            grpcCode(() -> anonymous.repositoryIndex(RepositoryIndexRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void wrongAndMalformedKeysAreRejectedWithoutEchoingThem() throws Exception {
    String real = fixture.token("ris");
    String wrongSecret = real.substring(0, real.length() - 4) + "AAAA";
    for (String bad : new String[] {wrongSecret, "mdk_nothing", "not-a-key", "a.b.c"}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/simple"))
                  .header("Authorization", "Bearer " + bad)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(bad).isEqualTo(401);
      assertThat(r.body()).doesNotContain(bad);
      assertThat(grpcCode(() -> grpc("Bearer " + bad, Map.of()).modelInfer(grpcSimple("simple"))))
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  @Test
  void revokedKeyStopsWorkingOnBothProtocols() throws Exception {
    assertThat(infer("simple", "revoked-app", Map.of(), "").statusCode()).isEqualTo(200);

    assertThat(fixture.keys.revoke(fixture.keyId("revoked-app"))).isTrue();
    server.reloadCredentials();

    assertThat(infer("simple", "revoked-app", Map.of(), "").statusCode()).isEqualTo(401);
    assertThat(grpcCode(() -> grpcAs("revoked-app").modelInfer(grpcSimple("simple"))))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void modelsOutsideTheTenantsEntitlementsDoNotExistForIt() throws Exception {
    // northside may call only `simple`; mlp_classifier is served, but not for it.
    HttpResponse<String> hidden =
        rest("GET", "/v2/models/mlp_classifier", "northside-app", Map.of());
    HttpResponse<String> missing =
        rest("GET", "/v2/models/no_such_model", "northside-app", Map.of());
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(hidden.body().replace("mlp_classifier", "X"))
        .isEqualTo(missing.body().replace("no_such_model", "X"));
    assertThat(infer("mlp_classifier", "northside-app", Map.of(), "").statusCode()).isEqualTo(404);
    assertThat(rest("POST", "/v2/repository/index", "northside-app", Map.of()).body())
        .contains("simple")
        .doesNotContain("mlp_classifier")
        .doesNotContain("string_identity");
    assertThat(
            grpcCode(
                () ->
                    grpcAs("northside-app")
                        .modelMetadata(
                            ModelMetadataRequest.newBuilder().setName("mlp_classifier").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            grpcAs("northside-app")
                .repositoryIndex(RepositoryIndexRequest.getDefaultInstance())
                .getModelsList())
        .extracting(m -> m.getName())
        .containsExactly("simple");
  }

  @Test
  void eachRouteFamilyChecksItsRole() throws Exception {
    // inference: may infer and read metadata, nothing else
    assertThat(infer("simple", "ris", Map.of(), "").statusCode()).isEqualTo(200);
    assertThat(status("GET", "/v2/models/simple/stats", "ris")).isEqualTo(403);
    assertThat(status("POST", "/v2/repository/models/simple/load", "ris")).isEqualTo(403);
    assertThat(status("POST", "/v2/repository/models/simple/unload", "ris")).isEqualTo(403);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                        .header("Authorization", fixture.bearer("ris"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
    // operator: statistics, index, metadata, load; no inference
    assertThat(status("GET", "/v2/models/simple/stats", "ops")).isEqualTo(200);
    assertThat(status("GET", "/v2/models/stats", "ops")).isEqualTo(200);
    assertThat(status("GET", "/v2/models/string_identity/config", "ops")).isEqualTo(200);
    assertThat(infer("simple", "ops", Map.of(), "").statusCode()).isEqualTo(403);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                        .header("Authorization", fixture.bearer("ops"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(grpcCode(() -> grpcAs("ops").modelInfer(grpcSimple("simple"))))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            grpcCode(
                () ->
                    grpcAs("ris")
                        .repositoryModelLoad(
                            RepositoryModelLoadRequest.newBuilder()
                                .setModelName("simple")
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    // auditor and admin: server metadata only, for now
    for (String p : new String[] {"auditor", "admin"}) {
      assertThat(status("GET", "/v2", p)).as(p).isEqualTo(200);
      assertThat(infer("simple", p, Map.of(), "").statusCode()).as(p).isEqualTo(403);
      assertThat(status("GET", "/v2/models/simple/stats", p)).as(p).isEqualTo(403);
      assertThat(status("POST", "/v2/repository/models/simple/load", p)).as(p).isEqualTo(403);
    }
  }

  @Test
  void gatewayActsOnlyForItsDeclaredTenants() throws Exception {
    assertThat(infer("simple", "portal", Map.of("x-medulla-tenant", "northside"), "").statusCode())
        .isEqualTo(200);
    // the tenant named decides entitlements: northside may not call mlp_classifier
    assertThat(
            infer("mlp_classifier", "portal", Map.of("x-medulla-tenant", "northside"), "")
                .statusCode())
        .isEqualTo(404);
    assertThat(infer("simple", "portal", Map.of("x-medulla-tenant", "platform"), "").statusCode())
        .isEqualTo(403);
    assertThat(infer("simple", "ris", Map.of("x-medulla-tenant", "northside"), "").statusCode())
        .isEqualTo(403);
    assertThat(
            grpcCode(
                () ->
                    grpc(fixture.bearer("portal"), Map.of("x-medulla-tenant", "platform"))
                        .modelInfer(grpcSimple("simple"))))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            grpc(fixture.bearer("portal"), Map.of("x-medulla-tenant", "st-marys"))
                .modelInfer(grpcSimple("simple"))
                .getOutputsCount())
        .isEqualTo(2);
  }

  @Test
  void priorityAboveTheTenantsCapIsForbidden() throws Exception {
    assertThat(infer("simple", "ris", Map.of(), "\"priority\":1").statusCode()).isEqualTo(403);
    assertThat(infer("simple", "ris", Map.of(), "\"priority\":2").statusCode()).isEqualTo(200);
  }

  @Test
  void breakGlassWidensEntitlementsForAProvisionedPrincipalAndFlagsEveryRequest() throws Exception {
    String header = CallerAuthentication.BREAK_GLASS_HEADER;
    String flag = CallerAuthentication.BREAK_GLASS_FLAG;
    // not provisioned
    assertThat(infer("simple", "ris", Map.of(header, "patient crashing"), "").statusCode())
        .isEqualTo(403);
    // a reason too long is refused
    assertThat(infer("simple", "dr-grey", Map.of(header, "x".repeat(500)), "").statusCode())
        .isEqualTo(400);
    // before: st-marys may not use STAT or call string_identity's sibling outside its list
    assertThat(infer("simple", "dr-grey", Map.of(), "\"priority\":1").statusCode()).isEqualTo(403);

    HttpResponse<String> invoked =
        infer("simple", "dr-grey", Map.of(header, "code blue, bed 12"), "\"priority\":1");
    assertThat(invoked.statusCode()).isEqualTo(200);
    assertThat(invoked.headers().firstValue(flag)).hasValue("true");

    // later requests of the session are covered and flagged, on both protocols
    HttpResponse<String> covered = infer("simple", "dr-grey", Map.of(), "\"priority\":1");
    assertThat(covered.statusCode()).isEqualTo(200);
    assertThat(covered.headers().firstValue(flag)).hasValue("true");
    assertThat(grpcAs("dr-grey").modelInfer(grpcSimple("simple")).getOutputsCount()).isEqualTo(2);
    // it never adds a role
    assertThat(status("GET", "/v2/models/simple/stats", "dr-grey")).isEqualTo(403);
    // others are not covered
    assertThat(infer("simple", "ris", Map.of(), "").headers().firstValue(flag)).isEmpty();
  }

  @Test
  void nonLoopbackAddressNeedsTlsAndAuthentication() throws Exception {
    TestCertificates certs =
        TestCertificates.create(java.nio.file.Files.createDirectories(dir.resolve("certs")));
    assertThatThrownBy(
            () ->
                ServerConfig.builder(EXAMPLES)
                    .address("0.0.0.0")
                    .ports(0, 0, 0)
                    .tls(certs.tlsSettings())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no authentication");
    ServerConfig secured =
        fixture.config(EXAMPLES).address("0.0.0.0").tls(certs.tlsSettings()).build();
    assertThat(secured.isInsecureRemote()).isFalse();
  }
}
