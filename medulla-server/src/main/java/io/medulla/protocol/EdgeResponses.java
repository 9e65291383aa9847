package io.medulla.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.medulla.inference.StatusCode;
import java.nio.charset.StandardCharsets;

/**
 * Answers a request the edge refuses before any handler runs (401, 403, 429), in the protocol the
 * request spoke: a REST error body, or a gRPC trailers-only response with the mapped status. The
 * two protocols therefore refuse alike, and a gRPC client sees UNAUTHENTICATED, not an HTTP error.
 */
final class EdgeResponses {
  private EdgeResponses() {}

  static HttpResponse refuse(RequestHeaders request, StatusCode code, String message, long retry) {
    MediaType type = request.contentType();
    if (type != null && type.subtype().startsWith("grpc")) {
      ResponseHeadersBuilder headers =
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(type)
              .add("grpc-status", Integer.toString(Statuses.grpcStatus(code).getCode().value()))
              .add("grpc-message", percentEncode(message));
      if (retry > 0) {
        headers.add("retry-after", Long.toString(retry));
      }
      return HttpResponse.of(headers.endOfStream(true).build());
    }
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(HttpStatus.valueOf(Statuses.httpStatus(code)))
            .contentType(MediaType.JSON);
    if (code == StatusCode.UNAUTHENTICATED) {
      headers.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"medulla\"");
    }
    if (retry > 0) {
      headers.add(HttpHeaderNames.RETRY_AFTER, Long.toString(retry));
    }
    String body =
        "{\"error\":\""
            + new String(JsonStringEncoder.getInstance().quoteAsString(message))
            + "\"}";
    return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(body));
  }

  /** Encodes a grpc-message as the gRPC HTTP/2 mapping asks: printable ASCII but '%' kept. */
  static String percentEncode(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
