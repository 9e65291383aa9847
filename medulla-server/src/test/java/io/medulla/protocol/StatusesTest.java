package io.medulla.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.UnauthenticatedException;
import org.junit.jupiter.api.Test;

class StatusesTest {
  @Test
  void aRefusalIs403AndPermissionDenied() {
    PermissionDeniedException e = new PermissionDeniedException("permission denied: no");

    assertThat(Statuses.httpStatus(e.status())).isEqualTo(403);
    assertThat(Statuses.grpcStatus(e.status())).isEqualTo(Status.PERMISSION_DENIED);
  }

  @Test
  void missingCredentialsAre401AndUnauthenticated() {
    UnauthenticatedException e = new UnauthenticatedException("credentials required");

    assertThat(Statuses.httpStatus(e.status())).isEqualTo(401);
    assertThat(Statuses.grpcStatus(e.status())).isEqualTo(Status.UNAUTHENTICATED);
  }

  @Test
  void aHiddenModelIs404LikeAMissingOne() {
    ModelNotFoundException e = new ModelNotFoundException("x", "");

    assertThat(Statuses.httpStatus(e.status())).isEqualTo(404);
    assertThat(Statuses.grpcStatus(e.status())).isEqualTo(Status.NOT_FOUND);
  }
}
