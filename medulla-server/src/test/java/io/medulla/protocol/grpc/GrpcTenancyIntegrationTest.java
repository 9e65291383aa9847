package io.medulla.protocol.grpc;

import static io.medulla.protocol.grpc.WireRequests.simpleRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.protocol.TestAuthentication;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelStreamInferResponse;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.testing.FakeInferenceEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who a call is for (credentials, gateways) and the {@code retry-after} trailer, over gRPC. */
class GrpcTenancyIntegrationTest {
  private static final Metadata.Key<String> TENANT =
      Metadata.Key.of("x-medulla-tenant", Metadata.ASCII_STRING_MARSHALLER);

  private @Nullable GrpcTestServer server;

  @AfterEach
  void close() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcTestServer start() {
    server = new GrpcTestServer(GrpcLimits.defaults());
    return server;
  }

  private static Metadata headers(String bearer, @Nullable String tenant) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + bearer);
    if (tenant != null) {
      headers.put(TENANT, tenant);
    }
    return headers;
  }

  private static GRPCInferenceServiceBlockingStub as(
      GrpcTestServer s, String bearer, @Nullable String tenant) {
    return s.blocking()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(bearer, tenant)));
  }

  private static TenantId lastTenant(GrpcTestServer s) {
    var received = s.engine.received();
    return received.get(received.size() - 1).context().tenant();
  }

  private static void addFailing(FakeInferenceEngine engine, InferenceException failure) {
    engine.add(
        FakeInferenceEngine.config(
            "busy",
            0,
            List.of(new ModelInput("x", DataType.FP32, Shape.of(-1), null, false)),
            List.of(new ModelOutput("y", DataType.FP32, Shape.of(-1), null, ""))),
        request -> CompletableFuture.<InferenceResponse>failedFuture(failure));
  }

  private static ModelInferRequest busy() {
    return ModelInferRequest.newBuilder()
        .setModelName("busy")
        .addInputs(WireRequests.input("x", "FP32", 1))
        .addRawInputContents(WireRequests.floats(1))
        .build();
  }

  @Test
  void gatewayNamesATenantItActsFor() {
    GrpcTestServer s = start();

    as(s, TestAuthentication.GATEWAY, "northside").modelInfer(simpleRaw().build());

    assertThat(lastTenant(s)).isEqualTo(new TenantId("northside"));
  }

  @Test
  void gatewayWithoutTheMetadataActsForItsOwnTenant() {
    GrpcTestServer s = start();

    as(s, TestAuthentication.GATEWAY, null).modelInfer(simpleRaw().build());

    assertThat(lastTenant(s)).isEqualTo(new TenantId("vendor"));
  }

  @Test
  void principalsTenantComesFromItsCredentials() {
    GrpcTestServer s = start();

    as(s, "ana@st-marys", null).modelInfer(simpleRaw().build());

    assertThat(lastTenant(s)).isEqualTo(new TenantId("st-marys"));
    assertThat(s.engine.received().get(0).context().principal()).isEqualTo("ana");
  }

  @Test
  void onlyAGatewayMayNameAnotherTenant() {
    GrpcTestServer s = start();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> as(s, "ana@st-marys", "northside").modelInfer(simpleRaw().build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(s.engine.received()).isEmpty();
  }

  @Test
  void gatewayCannotNameATenantItDoesNotActFor() {
    GrpcTestServer s = start();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> as(s, TestAuthentication.GATEWAY, "elsewhere").modelInfer(simpleRaw().build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(s.engine.received()).isEmpty();
  }

  @Test
  void wrongCredentialsAreUnauthenticated() {
    GrpcTestServer s = start();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> as(s, "not-a-key", null).modelInfer(simpleRaw().build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.engine.received()).isEmpty();
  }

  @Test
  void malformedTenantMetadataIsInvalidArgumentNamingTheKey() {
    GrpcTestServer s = start();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> as(s, TestAuthentication.GATEWAY, "st marys").modelInfer(simpleRaw().build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("x-medulla-tenant");
    assertThat(s.engine.received()).isEmpty();
  }

  @Test
  void streamRequestsCarryTheCallsTenant() throws InterruptedException {
    GrpcTestServer s = start();
    Metadata headers = headers(TestAuthentication.GATEWAY, "st-marys");
    List<ModelStreamInferResponse> responses = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<ModelInferRequest> requests =
        s.async()
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .modelStreamInfer(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    responses.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });

    requests.onNext(simpleRaw().setId("a").build());
    requests.onNext(simpleRaw().setId("b").build());
    requests.onCompleted();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(responses).hasSize(2).allSatisfy(r -> assertThat(r.getErrorMessage()).isEmpty());
    assertThat(s.engine.received())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.context().tenant()).isEqualTo(new TenantId("st-marys")));
  }

  @Test
  void retryableFailureCarriesRetryAfterSecondsInTheTrailers() {
    GrpcTestServer s = start();
    addFailing(
        s.engine,
        new InferenceException(StatusCode.UNAVAILABLE, "overloaded", Duration.ofMillis(2001)));

    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> s.blocking().modelInfer(busy()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getTrailers()).isNotNull();
    assertThat(e.getTrailers().get(GrpcErrors.RETRY_AFTER)).isEqualTo("3");
  }

  @Test
  void failureWithoutAnEstimateHasNoRetryAfterTrailer() {
    GrpcTestServer s = start();
    addFailing(s.engine, new InferenceException(StatusCode.RESOURCE_EXHAUSTED, "quota"));

    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> s.blocking().modelInfer(busy()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getTrailers() == null ? null : e.getTrailers().get(GrpcErrors.RETRY_AFTER))
        .isNull();
  }
}
