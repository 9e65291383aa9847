package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditVerifier;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.VerificationReport;
import io.medulla.protocol.CallerAuthentication;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.repository.ModelControlMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over the real server, with the security fixture's principals: what each kind of
 * call records, that a response waits for its record, and what a store outage does.
 */
class AuditIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static final String NODE = AuditSettings.FALLBACK_NODE_ID;
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
          + ints()
          + "]}],\"parameters\":{PARAMS}}";

  @TempDir static Path dir;
  private static SecurityFixture fixture;
  private static Audited sqlite;
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A started server and the gated view of its store. */
  private static final class Audited implements AutoCloseable {
    final MedullaServer server;
    final ServerConfig config;
    final ManagedChannel channel;
    @Nullable GatedAuditStore store;

    Audited(ServerConfig config) {
      this.config = config;
      this.server = MedullaServer.start(config, s -> store = new GatedAuditStore(s));
      this.channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }

    GatedAuditStore store() {
      GatedAuditStore s = store;
      assertThat(s).isNotNull();
      return s;
    }

    List<AuditRecord> records() {
      return store().delegate.records(NODE, 1, 1_000_000);
    }

    List<AuditEvent> events(Predicate<AuditEvent> which) {
      return records().stream().map(AuditRecord::event).filter(which).toList();
    }

    VerificationReport verify() {
      var key =
          CheckpointSigner.readPublicKey(
              CheckpointSigner.publicKeyFileOf(config.audit().signingKey()));
      return new AuditVerifier(store().delegate, key).verify();
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
  }

  @BeforeAll
  static void start() {
    fixture = new SecurityFixture(dir);
    sqlite = new Audited(config().build());
  }

  private static ServerConfigBuilder config() {
    return fixture.config(EXAMPLES).modelControl(ModelControlMode.EXPLICIT, List.of("*"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    sqlite.close();
  }

  private static String ints() {
    return IntStream.range(0, 16).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static HttpRequest.Builder request(
      Audited a, String path, @Nullable String principal, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.server.httpPort() + path));
    if (principal != null) {
      b.header("Authorization", fixture.bearer(principal));
    }
    headers.forEach(b::header);
    return b;
  }

  private static HttpRequest infer(
      Audited a, String model, @Nullable String principal, Map<String, String> headers) {
    return request(a, "/v2/models/" + model + "/infer", principal, headers)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY.replace("PARAMS", "")))
        .build();
  }

  private static HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Audited a, String path, String principal)
      throws Exception {
    return send(
        request(a, path, principal, Map.of()).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static int ready(Audited a) throws Exception {
    return send(request(a, "/v2/health/ready", null, Map.of()).GET().build()).statusCode();
  }

  private static ModelInferRequest grpcSimple() {
    ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      raw.putInt(i);
    }
    com.google.protobuf.ByteString bytes = com.google.protobuf.ByteString.copyFrom(raw.array());
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName("simple");
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

  private static void grpcInfer(Audited a, String principal) {
    Metadata metadata = new Metadata();
    metadata.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        fixture.bearer(principal));
    assertThat(
            GRPCInferenceServiceGrpc.newBlockingStub(a.channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .modelInfer(grpcSimple())
                .getOutputsCount())
        .isEqualTo(2);
  }

  private static AuditEvent onlyOne(Audited a, Predicate<AuditEvent> which) {
    List<AuditEvent> found = a.events(which);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static void assertCompleteInference(AuditEvent e, String principal) {
    assertThat(e.action()).isEqualTo(AuditAction.INFER.wireName());
    assertThat(e.tenant()).isEqualTo("st-marys");
    assertThat(e.principal()).isEqualTo(principal);
    assertThat(e.role()).isEqualTo("inference");
    assertThat(e.model()).isEqualTo("simple");
    assertThat(e.version()).isEqualTo("1");
    assertThat(e.modelSha256()).matches("[0-9a-f]{64}");
    assertThat(e.status()).isEqualTo(AuditEvent.OK);
    assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
    assertThat(e.inputDigest()).matches("[0-9a-f]{64}");
    assertThat(e.outputDigest()).matches("[0-9a-f]{64}");
    assertThat(e.totalNanos()).isNotNegative();
  }

  /** The assertions both stores must pass. */
  private static void assertKeyRecords(Audited a) throws Exception {
    HttpResponse<String> rest = send(infer(a, "simple", "ris", Map.of()));
    assertThat(rest.statusCode()).isEqualTo(200);
    String id = rest.headers().firstValue("x-medulla-request-id").orElseThrow();
    assertCompleteInference(onlyOne(a, e -> e.requestId().equals(id)), "ris");

    int grpcBefore = a.events(e -> e.principal().equals("northside-app")).size();
    grpcInfer(a, "northside-app");
    List<AuditEvent> grpc = a.events(e -> e.principal().equals("northside-app"));
    assertThat(grpc).hasSize(grpcBefore + 1);
    AuditEvent g = grpc.get(grpc.size() - 1);
    assertThat(g.tenant()).isEqualTo("northside");
    assertThat(g.requestId()).isNotEmpty().isNotEqualTo(id);
    assertThat(g.modelSha256()).matches("[0-9a-f]{64}");

    // 401 at the edge, then 403 at the edge (a tenant the principal may not act for)
    assertThat(send(infer(a, "simple", null, Map.of("Authorization", "Bearer nope"))).statusCode())
        .isEqualTo(401);
    assertThat(
            send(infer(a, "simple", "ris", Map.of("x-medulla-tenant", "northside"))).statusCode())
        .isEqualTo(403);
    // An inference answered after them is durable, so they are too (one writer, in order).
    assertThat(send(infer(a, "simple", "ris", Map.of())).statusCode()).isEqualTo(200);
    assertThat(a.events(e -> e.action().equals(AuditAction.AUTHENTICATION_FAILURE.wireName())))
        .anySatisfy(
            e -> {
              assertThat(e.status()).isEqualTo("UNAUTHENTICATED");
              assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            });
    assertThat(a.events(e -> e.action().equals(AuditAction.AUTHORIZATION_FAILURE.wireName())))
        .anySatisfy(
            e -> {
              assertThat(e.principal()).isEqualTo("ris");
              assertThat(e.tenant()).isEqualTo("northside");
            });
    assertThat(a.verify().intact()).isTrue();
  }

  private static CompletableFuture<Boolean> probe(Audited a) {
    AuditTrail trail = a.server.auditTrail();
    assertThat(trail).isNotNull();
    return java.util.Objects.requireNonNull(trail).log().probe();
  }

  @Test
  void inferencesAndRefusalsAreRecordedOnSqlite() throws Exception {
    assertKeyRecords(sqlite);
  }

  @Test
  void inferencesAndRefusalsAreRecordedOnPostgres() throws Exception {
    DriverManager.setLoginTimeout(3);
    boolean reachable;
    try (Connection c = DriverManager.getConnection(POSTGRES)) {
      reachable = c.isValid(3);
    } catch (SQLException e) {
      reachable = false;
    }
    assumeTrue(reachable, "no PostgreSQL at 127.0.0.1:5432: PostgreSQL case skipped");
    String schema = "audit_it_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    ServerConfig config =
        config()
            .audit(LocalTrial.temporaryAudit().withStore(POSTGRES + "&currentSchema=" + schema))
            .build();
    try (Audited pg = new Audited(config)) {
      assertKeyRecords(pg);
    } finally {
      try (Connection c = DriverManager.getConnection(POSTGRES);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void refusedInferenceIsRecordedWithItsOutcome() throws Exception {
    // ops has no inference role: the guard refuses, and the audit outside it records that.
    HttpResponse<String> r = send(infer(sqlite, "simple", "ops", Map.of()));
    assertThat(r.statusCode()).isEqualTo(403);
    String id = r.headers().firstValue("x-medulla-request-id").orElseThrow();
    AuditEvent e = onlyOne(sqlite, x -> x.requestId().equals(id));
    assertThat(e.principal()).isEqualTo("ops");
    assertThat(e.status()).isEqualTo("PERMISSION_DENIED");
    assertThat(e.outputDigest()).isEmpty();
  }

  @Test
  void loadAndUnloadAreAdministrativeRecords() throws Exception {
    assertThat(post(sqlite, "/v2/repository/models/identity_fp32/unload", "ops").statusCode())
        .isEqualTo(200);
    assertThat(post(sqlite, "/v2/repository/models/identity_fp32/load", "ops").statusCode())
        .isEqualTo(200);
    for (AuditAction action : List.of(AuditAction.MODEL_UNLOAD, AuditAction.MODEL_LOAD)) {
      assertThat(
              sqlite.events(
                  e ->
                      e.action().equals(action.wireName())
                          && e.model().equals("identity_fp32")
                          && e.principal().equals("ops")))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.status()).isEqualTo(AuditEvent.OK));
    }
  }

  @Test
  void breakGlassIsRecordedAndFlagsTheRequestsItCovers() throws Exception {
    HttpResponse<String> r =
        send(
            infer(
                sqlite,
                "simple",
                "dr-grey",
                Map.of(CallerAuthentication.BREAK_GLASS_HEADER, "code blue, bed 12")));
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue("x-medulla-request-id").orElseThrow();
    AuditEvent start = onlyOne(sqlite, e -> e.action().equals(AuditAction.BREAK_GLASS.wireName()));
    assertThat(start.principal()).isEqualTo("dr-grey");
    assertThat(start.breakGlassReason()).isEqualTo("code blue, bed 12");
    AuditEvent covered = onlyOne(sqlite, e -> e.requestId().equals(id));
    assertThat(covered.breakGlass()).isTrue();
    assertThat(covered.breakGlassReason()).isEqualTo("code blue, bed 12");
  }

  @Test
  void aResponseIsNotSentBeforeItsRecordIsDurable() throws Exception {
    GatedAuditStore store = sqlite.store();
    store.hold();
    CompletableFuture<HttpResponse<String>> pending;
    try {
      pending =
          http.sendAsync(
              infer(sqlite, "simple", "ris", Map.of()), HttpResponse.BodyHandlers.ofString());
      store.awaitHeldWrite();
      assertThat(pending).isNotDone();
    } finally {
      store.release();
    }
    HttpResponse<String> r = pending.get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue("x-medulla-request-id").orElseThrow();
    onlyOne(sqlite, e -> e.requestId().equals(id));
  }

  @Test
  void storeOutageRefusesWith503AndUnreadinessThenRecoversByItself() throws Exception {
    GatedAuditStore store = sqlite.store();
    store.failing(true);
    try {
      assertThat(send(infer(sqlite, "simple", "ris", Map.of())).statusCode()).isEqualTo(503);
      assertThat(ready(sqlite)).isEqualTo(503);
      assertThat(probe(sqlite).join()).isFalse();
      assertThat(send(infer(sqlite, "simple", "ris", Map.of())).statusCode()).isEqualTo(503);
    } finally {
      store.failing(false);
    }
    // The periodic probe does this every 5 s; the test asks for one now.
    assertThat(probe(sqlite).join()).isTrue();
    assertThat(ready(sqlite)).isEqualTo(200);
    assertThat(send(infer(sqlite, "simple", "ris", Map.of())).statusCode()).isEqualTo(200);
    assertThat(sqlite.verify().intact()).isTrue();
  }
}
