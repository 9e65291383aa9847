package io.medulla.security;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.Credentials;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates OIDC bearer tokens (signed JWTs) against the issuer's pinned public keys. On every
 * call: the algorithm must be allowed and fit the key type of the key its {@code kid} names (no key
 * confusion), the signature must verify, {@code iss} must match exactly, {@code aud} contain the
 * audience, {@code exp} lie ahead, {@code nbf} and {@code iat} not ahead (all within the clock
 * skew); then the principal, tenant and role claims make the {@link io.medulla.tenancy.Principal}.
 *
 * <p>Bearer tokens that are not shaped like a JWT (three dot-separated parts) are not its business.
 * Rejections say which kind of check failed, never the token; their principal hint is the token's
 * subject only once the signature is good, since an unverified subject is anyone's to write.
 *
 * <p>Keys come from a JWK set file, read at construction, or an https URL; {@link #refresh}
 * re-reads either and is for the server to call on a background thread. The request path never
 * reads files or the network; until keys have been read, every token is rejected. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {
  /** The message of every rejection while no key set has been read. */
  public static final String KEYS_UNAVAILABLE = "token issuer keys unavailable";

  /** The longest token considered: headers are bounded anyway; this bounds the JSON parse. */
  static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final OidcSettings settings;
  private final WallClock clock;
  private final JwksFetcher fetcher;
  private final TokenClaims claims;
  private volatile @Nullable PinnedKeys keys;

  /**
   * Creates an authenticator that fetches a remote key set over HTTPS (10-second timeout). Reads a
   * key set file now.
   *
   * @throws IOException if the key set is a file that cannot be read or holds no usable key
   */
  public JwtAuthenticator(OidcSettings settings, WallClock clock) throws IOException {
    this(settings, clock, JwksFetcher.https(Duration.ofSeconds(10)));
  }

  /**
   * Creates an authenticator that fetches a remote key set with {@code fetcher}. Reads a key set
   * file now; a remote one only when {@link #refresh} is first called.
   *
   * @throws IOException if the key set is a file that cannot be read or holds no usable key
   */
  public JwtAuthenticator(OidcSettings settings, WallClock clock, JwksFetcher fetcher)
      throws IOException {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.fetcher = requireNonNull(fetcher, "fetcher");
    this.claims = new TokenClaims(settings);
    if (settings.jwksIsFile()) {
      refresh();
    }
  }

  /**
   * Reads the key set again, from its file or its URL, and pins it in place of the old one.
   *
   * @throws IOException if it cannot be read or holds no usable key; the old keys stay pinned
   */
  public void refresh() throws IOException {
    String document;
    if (settings.jwksIsFile()) {
      Path file = Path.of(settings.jwks());
      if (Files.size(file) > JwksFetcher.MAX_BYTES) {
        throw new IOException("OIDC key set: larger than " + JwksFetcher.MAX_BYTES + " bytes");
      }
      document = Files.readString(file, StandardCharsets.UTF_8);
    } else {
      document = fetcher.fetch(settings.jwks());
    }
    keys = PinnedKeys.parse(document, settings.algorithms());
  }

  /** Returns whether a key set is pinned: false until the first successful read. */
  public boolean hasKeys() {
    return keys != null;
  }

  /** Returns the settings it checks tokens with. */
  public OidcSettings settings() {
    return settings;
  }

  @Override
  public AuthOutcome authenticate(Credentials credentials) {
    String bearer = credentials.bearer();
    if (bearer == null || !looksLikeJwt(bearer)) {
      return AuthOutcome.notApplicable();
    }
    PinnedKeys pinned = keys;
    if (pinned == null) {
      return new AuthOutcome.Rejected(KEYS_UNAVAILABLE, "");
    }
    if (bearer.length() > MAX_TOKEN_CHARS) {
      return rejected("malformed", "");
    }
    SignedJWT jwt;
    JWTClaimsSet claimsSet;
    try {
      jwt = SignedJWT.parse(bearer);
      JWSHeader header = jwt.getHeader();
      JWSAlgorithm alg = header.getAlgorithm();
      if (!settings.algorithms().contains(alg.getName())) {
        return rejected("algorithm", "");
      }
      if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
        return rejected("header", "");
      }
      switch (pinned.select(alg, header.getKeyID())) {
        case PinnedKeys.Miss miss -> {
          return rejected(miss == PinnedKeys.Miss.UNKNOWN_KID ? "unknown key" : "key", "");
        }
        case PinnedKeys.Pinned key -> {
          if (!key.check().verify(header, jwt.getSigningInput(), jwt.getSignature())) {
            return rejected("signature", "");
          }
        }
      }
      claimsSet = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      // Hostile input must end in a 401, never a 500, whatever the parser makes of it.
      return rejected("malformed", "");
    }
    return claims.check(claimsSet, clock.now());
  }

  /** Returns a rejection saying which kind of check failed. */
  static AuthOutcome rejected(String what, String principalHint) {
    return new AuthOutcome.Rejected("invalid token: " + what, principalHint);
  }

  private static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return second > 0 && token.indexOf('.', second + 1) < 0;
  }
}
