package io.medulla.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An issuer's public keys, each with the algorithms it may verify. A key verifies only algorithms
 * of its own type and curve, only those the settings allow, and only the one its {@code alg} names
 * when it names one; symmetric keys, encryption keys and RSA keys under 2048 bits are dropped.
 */
final class PinnedKeys {
  private static final int MIN_RSA_BITS = 2048;

  /** What {@link #select} found: a key, or why none. */
  sealed interface Selection permits Pinned, Miss {}

  /** One usable key. */
  record Pinned(@Nullable String kid, Set<JWSAlgorithm> algorithms, SignatureCheck check)
      implements Selection {}

  /** Why no key was chosen for a token. */
  enum Miss implements Selection {
    UNKNOWN_KID,
    WRONG_KEY
  }

  private final List<Pinned> keys;

  private PinnedKeys(List<Pinned> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * Returns the usable keys of a JWK set document.
   *
   * @throws IOException if it is not a JWK set or holds no usable key
   */
  static PinnedKeys parse(String document, Set<String> allowed) throws IOException {
    JWKSet set;
    try {
      set = JWKSet.parse(document);
    } catch (ParseException e) {
      throw new IOException("OIDC key set: not a JWK set document", e);
    }
    List<Pinned> usable = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      Pinned p = pin(jwk, allowed);
      if (p != null) {
        usable.add(p);
      }
    }
    if (usable.isEmpty()) {
      throw new IOException(
          "OIDC key set: no public signing key for the allowed algorithms " + allowed);
    }
    return new PinnedKeys(usable);
  }

  /** Returns the number of usable keys. */
  int size() {
    return keys.size();
  }

  /**
   * Returns the key that must verify a token signed with {@code alg} naming {@code kid}: the key
   * with that id whose type fits the algorithm; without an id, the only key that fits.
   */
  Selection select(JWSAlgorithm alg, @Nullable String kid) {
    boolean kidKnown = false;
    Pinned only = null;
    int fitting = 0;
    for (Pinned p : keys) {
      if (kid != null && !kid.equals(p.kid())) {
        continue;
      }
      kidKnown = true;
      if (p.algorithms().contains(alg)) {
        fitting++;
        if (only == null) {
          only = p;
        }
      }
    }
    if (kid != null && !kidKnown) {
      return Miss.UNKNOWN_KID;
    }
    // A token without a kid may use a key only when no other key could be meant.
    if (only == null || (kid == null && fitting > 1)) {
      return Miss.WRONG_KEY;
    }
    return only;
  }

  private static @Nullable Pinned pin(JWK jwk, Set<String> allowed) {
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      return null;
    }
    if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
      return null;
    }
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    for (String name : allowed) {
      SigningAlgorithms.KeyKind kind = SigningAlgorithms.SUPPORTED.get(name);
      JWSAlgorithm alg = JWSAlgorithm.parse(name);
      boolean named = jwk.getAlgorithm() == null || jwk.getAlgorithm().getName().equals(name);
      if (kind != null && named && fits(jwk, kind)) {
        algorithms.add(alg);
      }
    }
    if (algorithms.isEmpty()) {
      return null;
    }
    try {
      return new Pinned(jwk.getKeyID(), Set.copyOf(algorithms), check(jwk));
    } catch (JOSEException | GeneralSecurityException e) {
      return null; // a malformed key verifies nothing
    }
  }

  private static boolean fits(JWK jwk, SigningAlgorithms.KeyKind kind) {
    if (!jwk.getKeyType().equals(kind.type())) {
      return false;
    }
    return switch (jwk) {
      case RSAKey rsa -> rsa.size() >= MIN_RSA_BITS;
      case ECKey ec -> Objects.equals(ec.getCurve(), kind.curve());
      case OctetKeyPair okp -> Objects.equals(okp.getCurve(), kind.curve());
      default -> false;
    };
  }

  private static SignatureCheck check(JWK jwk) throws JOSEException, GeneralSecurityException {
    return switch (jwk) {
      case RSAKey rsa -> SignatureCheck.of(new RSASSAVerifier(rsa.toRSAPublicKey()));
      case ECKey ec -> SignatureCheck.of(new ECDSAVerifier(ec.toECPublicKey()));
      case OctetKeyPair okp -> Ed25519Check.of(okp);
      default -> throw new GeneralSecurityException("unsupported key type");
    };
  }
}
