package io.medulla.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyType;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms Medulla accepts: asymmetric ones only, each tied to the one key type (and
 * curve) that may verify it, so that no token can choose how its signature is checked.
 */
final class SigningAlgorithms {
  /** The key type and, for EC and OKP keys, the curve ({@code null} for RSA) an algorithm needs. */
  record KeyKind(KeyType type, @Nullable Curve curve) {}

  private static final KeyKind RSA = new KeyKind(KeyType.RSA, null);

  static final Map<String, KeyKind> SUPPORTED =
      Map.ofEntries(
          Map.entry("RS256", RSA),
          Map.entry("RS384", RSA),
          Map.entry("RS512", RSA),
          Map.entry("PS256", RSA),
          Map.entry("PS384", RSA),
          Map.entry("PS512", RSA),
          Map.entry("ES256", new KeyKind(KeyType.EC, Curve.P_256)),
          Map.entry("ES384", new KeyKind(KeyType.EC, Curve.P_384)),
          Map.entry("ES512", new KeyKind(KeyType.EC, Curve.P_521)),
          Map.entry("EdDSA", new KeyKind(KeyType.OKP, Curve.Ed25519)));

  /** The algorithms allowed when the settings name none. */
  static final Set<String> DEFAULTS = Set.of("RS256", "PS256", "ES256", "EdDSA");

  private SigningAlgorithms() {}

  /**
   * Checks that {@code name} is an algorithm Medulla may be configured to accept.
   *
   * @throws IllegalArgumentException naming why not: {@code none}, symmetric or unknown
   */
  static void checkAllowed(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("NONE")) {
      throw new IllegalArgumentException(
          "OIDC algorithms: 'none' is never allowed (tokens must be signed)");
    }
    if (upper.startsWith("HS")) {
      throw new IllegalArgumentException(
          "OIDC algorithms: '"
              + name
              + "' is symmetric; Medulla checks tokens only with the issuer's public keys");
    }
    if (!SUPPORTED.containsKey(name)) {
      throw new IllegalArgumentException(
          "OIDC algorithms: '"
              + name
              + "' is not supported (expected some of "
              + SUPPORTED.keySet().stream().sorted().toList()
              + ")");
    }
  }

  /** Returns the key kind {@code alg} needs, or {@code null} if Medulla does not accept it. */
  static @Nullable KeyKind keyKindOf(JWSAlgorithm alg) {
    return SUPPORTED.get(alg.getName());
  }
}
