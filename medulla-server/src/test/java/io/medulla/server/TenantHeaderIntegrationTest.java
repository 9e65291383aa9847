package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real server with the example tenants file and {@code --trust-tenant-header}, and
 * checks that both protocols read (and check) the test-only tenant header behind Armeria.
 */
class TenantHeaderIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Metadata.Key<String> TENANT =
      Metadata.Key.of("x-medulla-tenant", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SIMPLE =
      "{\"inputs\":["
          + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
          + "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
          + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
          + "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}]}";

  private static MedullaServer server;
  private static ManagedChannel channel;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ServerConfig config =
        ServerConfig.defaults(EXAMPLES.resolve("models"))
            .withEphemeralPorts()
            .withTenants(TenantsFile.load(EXAMPLES.resolve("tenants.yaml")), true);
    server = MedullaServer.start(config);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static HttpResponse<String> rest(String tenant) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/simple/infer"))
            .header("Content-Type", "application/json")
            .header("x-medulla-tenant", tenant)
            .POST(HttpRequest.BodyPublishers.ofString(SIMPLE))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void grpc(String tenant) {
    Metadata headers = new Metadata();
    headers.put(TENANT, tenant);
    ModelInferRequest.InferInputTensor.Builder in =
        ModelInferRequest.InferInputTensor.newBuilder()
            .setDatatype("INT32")
            .addShape(1)
            .addShape(16);
    var unused =
        GRPCInferenceServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("simple")
                    .addInputs(in.setName("INPUT0"))
                    .addInputs(in.setName("INPUT1"))
                    .addRawInputContents(ByteString.copyFrom(new byte[64]))
                    .addRawInputContents(ByteString.copyFrom(new byte[64]))
                    .build());
  }

  @Test
  void summaryWarnsAboutTheHeaderAndNamesTheTenantsFile() {
    assertThat(server.summary())
        .contains("WARNING  --trust-tenant-header")
        .contains("tenants  2 named in " + EXAMPLES.resolve("tenants.yaml"))
        .contains("others: weight 1, no limits");
  }

  @Test
  void restAcceptsAWellFormedTenantAndRefusesAMalformedOne() throws Exception {
    assertThat(rest("st-marys").statusCode()).isEqualTo(200);
    assertThat(rest("not-in-the-file").statusCode()).isEqualTo(200);

    HttpResponse<String> bad = rest("st marys");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("x-medulla-tenant");
  }

  @Test
  void grpcAcceptsAWellFormedTenantAndRefusesAMalformedOne() {
    grpc("northside-clinic");

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc("?"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("x-medulla-tenant");
  }
}
