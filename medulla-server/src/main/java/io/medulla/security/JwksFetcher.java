package io.medulla.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches an issuer's JWK set document. Called only from {@link JwtAuthenticator#refresh}, which
 * the server runs on a background thread: never on a request's path.
 */
@FunctionalInterface
public interface JwksFetcher {
  /** The largest key set document accepted: 1 MiB. */
  int MAX_BYTES = 1 << 20;

  /**
   * Returns the JWK set document at {@code uri}.
   *
   * @throws IOException if it cannot be fetched; the authenticator keeps the keys it has
   */
  String fetch(URI uri) throws IOException;

  /**
   * Returns a fetcher that makes one HTTPS GET per call, following no redirects, and gives up after
   * {@code timeout}.
   */
  static JwksFetcher https(Duration timeout) {
    return uri -> {
      if (!"https".equalsIgnoreCase(uri.getScheme())) {
        throw new IOException("OIDC key set: only https URLs are fetched");
      }
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Accept", "application/json")
              .GET()
              .build();
      try (HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build()) {
        HttpResponse<InputStream> response =
            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          if (response.statusCode() != 200) {
            throw new IOException(
                "OIDC key set: HTTP " + response.statusCode() + " from " + uri.getHost());
          }
          byte[] bytes = body.readNBytes(MAX_BYTES + 1);
          if (bytes.length > MAX_BYTES) {
            throw new IOException("OIDC key set: larger than " + MAX_BYTES + " bytes");
          }
          return new String(bytes, StandardCharsets.UTF_8);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("OIDC key set: interrupted while fetching", e);
      }
    };
  }
}
