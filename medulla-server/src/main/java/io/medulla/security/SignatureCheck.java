package io.medulla.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;

/** Checks a JWS signature with one pinned public key; never throws. Thread-safe. */
@FunctionalInterface
interface SignatureCheck {
  /** Returns whether {@code signature} signs {@code signingInput} under the header's algorithm. */
  boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature);

  /** Returns a check that asks a nimbus verifier; any error it raises means "not verified". */
  static SignatureCheck of(JWSVerifier verifier) {
    return (header, input, signature) -> {
      try {
        return verifier.verify(header, input, signature);
      } catch (JOSEException | RuntimeException e) {
        return false;
      }
    };
  }
}
