package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TenantId;
import io.medulla.protocol.TestAuthentication;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.testing.FakeInferenceEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who a request is for (credentials, gateways) and the {@code Retry-After} of failures, over REST.
 */
class RestTenancyIntegrationTest {
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"X\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";

  private static RestTestServer ignoring;

  @BeforeAll
  static void start() {
    ignoring = new RestTestServer(RestLimits.defaults());
    addFailing(
        ignoring.engine,
        "busy",
        new InferenceException(
            StatusCode.RESOURCE_EXHAUSTED, "queue full", Duration.ofMillis(1500)));
    addFailing(
        ignoring.engine,
        "overloaded",
        new InferenceException(StatusCode.UNAVAILABLE, "overloaded", Duration.ZERO));
    addFailing(
        ignoring.engine, "quota", new InferenceException(StatusCode.RESOURCE_EXHAUSTED, "quota"));
  }

  @AfterAll
  static void stop() {
    ignoring.close();
  }

  private static HttpResponse<byte[]> infer(
      RestTestServer server, String model, @Nullable String tenant) throws Exception {
    return infer(server, model, null, tenant);
  }

  private static HttpResponse<byte[]> infer(
      RestTestServer server, String model, @Nullable String bearer, @Nullable String tenant)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri("/v2/models/" + model + "/infer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (tenant != null) {
      b.header("x-medulla-tenant", tenant);
    }
    return server.send(b.build());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** Adds a model that always fails with {@code failure}. */
  private static void addFailing(
      FakeInferenceEngine engine, String name, InferenceException failure) {
    engine.add(
        FakeInferenceEngine.config(
            name,
            0,
            List.of(new ModelInput("X", DataType.FP32, Shape.of(1), null, false)),
            List.of(new ModelOutput("OUT_X", DataType.FP32, Shape.of(1), null, ""))),
        request -> CompletableFuture.<InferenceResponse>failedFuture(failure));
  }

  @Test
  void gatewayNamesATenantItActsFor() throws Exception {
    assertThat(infer(ignoring, "echo", TestAuthentication.GATEWAY, "st-marys").statusCode())
        .isEqualTo(200);

    assertThat(ignoring.lastReceived().context().tenant()).isEqualTo(new TenantId("st-marys"));
    assertThat(ignoring.lastReceived().context().principal()).isEqualTo("gw");
  }

  @Test
  void requestWithoutCredentialsOnLoopbackIsTheConfiguredAnonymousTenant() throws Exception {
    assertThat(infer(ignoring, "echo", null).statusCode()).isEqualTo(200);

    assertThat(ignoring.lastReceived().context().tenant()).isEqualTo(TenantId.DEFAULT);
  }

  @Test
  void nonGatewayNamingAnotherTenantIsForbidden() throws Exception {
    int before = ignoring.engine.received().size();
    for (String tenant : List.of("st-marys", "northside")) {
      HttpResponse<byte[]> r = infer(ignoring, "echo", "ana@elsewhere", tenant);

      assertThat(r.statusCode()).as(tenant).isEqualTo(403);
    }
    assertThat(ignoring.engine.received()).hasSize(before);
  }

  @Test
  void wrongCredentialsAreUnauthorizedWithAChallenge() throws Exception {
    HttpResponse<byte[]> r = infer(ignoring, "echo", "nonsense", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(text(r)).doesNotContain("nonsense");
  }

  @Test
  void malformedTenantHeaderIsRejectedWithItsName() throws Exception {
    int before = ignoring.engine.received().size();
    for (String bad : List.of("st marys", "a/b", "x".repeat(65), "")) {
      HttpResponse<byte[]> r = infer(ignoring, "echo", TestAuthentication.GATEWAY, bad);

      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(text(r)).contains("x-medulla-tenant").doesNotContain("a/b");
    }
    assertThat(ignoring.engine.received()).hasSize(before);
  }

  @Test
  void retryableFailureCarriesRetryAfterInWholeSecondsRoundedUp() throws Exception {
    HttpResponse<byte[]> r = infer(ignoring, "busy", null);

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).hasValue("2");
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(text(r)).isEqualTo("{\"error\":\"queue full\"}");
  }

  @Test
  void retryAfterIsAtLeastOneSecond() throws Exception {
    HttpResponse<byte[]> r = infer(ignoring, "overloaded", null);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("retry-after")).hasValue("1");
  }

  @Test
  void failureWithoutAnEstimateHasNoRetryAfter() throws Exception {
    HttpResponse<byte[]> r = infer(ignoring, "quota", null);

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).isEmpty();
  }
}
