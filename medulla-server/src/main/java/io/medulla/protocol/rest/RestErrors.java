package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseCompleteException;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import io.medulla.protocol.RetryAfter;
import io.medulla.protocol.Statuses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into protocol error responses, {@code {"error": "..."}}, with the status from
 * {@link Statuses} and, for retryable domain failures, {@code Retry-After}. Unexpected failures
 * become a generic 500 and are logged without payload.
 */
final class RestErrors {
  private static final Logger logger = LoggerFactory.getLogger(RestErrors.class);

  private RestErrors() {}

  /** Returns an error response with the HTTP status of {@code code}. */
  static HttpResponse of(StatusCode code, String message) {
    return of(HttpStatus.valueOf(Statuses.httpStatus(code)), message);
  }

  /**
   * Returns the error response for a domain failure, with a {@code Retry-After} header (whole
   * seconds, rounded up) when the failure carries a retry estimate.
   */
  static HttpResponse of(InferenceException e) {
    HttpStatus status = HttpStatus.valueOf(Statuses.httpStatus(e.status()));
    String message = String.valueOf(e.getMessage());
    Duration retryAfter = e.retryAfter();
    if (retryAfter == null) {
      return of(status, message);
    }
    ResponseHeaders headers =
        ResponseHeaders.builder(status)
            .contentType(MediaType.JSON)
            .set(HttpHeaderNames.RETRY_AFTER, Long.toString(RetryAfter.seconds(retryAfter)))
            .build();
    return AggregatedHttpResponse.of(headers, HttpData.wrap(body(message))).toHttpResponse();
  }

  /** Returns an error response. */
  static HttpResponse of(HttpStatus status, String message) {
    return aggregated(status, message).toHttpResponse();
  }

  /** Returns an error response, aggregated. */
  static AggregatedHttpResponse aggregated(HttpStatus status, String message) {
    return AggregatedHttpResponse.of(status, MediaType.JSON, body(message));
  }

  /** Returns the error response for {@code failure}, unwrapping futures' wrappers. */
  static HttpResponse of(ServiceRequestContext ctx, Throwable failure, long maxRequestBytes) {
    Throwable t = unwrap(failure);
    if (t instanceof InferenceException e) {
      return of(e);
    }
    if (t instanceof HttpStatusException e) {
      if (e.getCause() instanceof ContentTooLargeException) {
        return tooLarge(maxRequestBytes);
      }
      return of(e.httpStatus(), e.httpStatus().reasonPhrase());
    }
    if (t instanceof ContentTooLargeException) {
      return tooLarge(maxRequestBytes);
    }
    if (t instanceof RequestTimeoutException) {
      return of(HttpStatus.SERVICE_UNAVAILABLE, "request timed out");
    }
    if (t instanceof CancellationException
        || t instanceof ResponseCompleteException
        || Exceptions.isStreamCancelling(t)
        || Exceptions.isExpected(t)) {
      // The exchange is over (the caller went away, or Armeria already answered): nothing to log.
      return of(StatusCode.CANCELLED, "request cancelled");
    }
    // The exception may carry anything: log its type and trace under the request id only.
    logger.error(
        "unexpected failure serving {} {} ({})", ctx.method(), ctx.path(), ctx.id().text(), t);
    return of(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal error; quote request " + ctx.id().text() + " when reporting it");
  }

  /** Returns the 413 response for a body over the limit. */
  static HttpResponse tooLarge(long maxRequestBytes) {
    return of(StatusCode.PAYLOAD_TOO_LARGE, tooLargeMessage(maxRequestBytes));
  }

  /** Returns the message of the 413 response for a body over the limit. */
  static String tooLargeMessage(long maxRequestBytes) {
    return "request body is larger than " + maxRequestBytes + " bytes (limit: maxRequestBytes)";
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static byte[] body(String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = RestJson.WRITER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
