package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import io.medulla.time.WallClock;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientCertificateAuthenticatorTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant NOT_BEFORE = T0.minus(Duration.ofDays(1));
  private static final Instant NOT_AFTER = T0.plus(Duration.ofDays(30));
  private static final String SUBJECT = "CN=scanner-1,O=St Marys,C=GB";
  private static final Principal SCANNER =
      new Principal(
          "scanner-1",
          new TenantId("st-marys"),
          Set.of(Role.INFERENCE),
          Set.of(),
          false,
          AuthMethod.LOOPBACK_ANONYMOUS);

  private static X509Certificate scannerCert;
  private static X509Certificate strangerCert;

  private final MutableClock clock = new MutableClock(T0);
  private final ClientCertificateAuthenticator authenticator =
      new ClientCertificateAuthenticator(
          dn -> Optional.ofNullable(Map.of(SUBJECT, SCANNER).get(dn)), WallClock.of(clock));

  @BeforeAll
  static void makeCertificates() throws Exception {
    scannerCert = certificate("CN=scanner-1, O=St Marys, C=GB");
    strangerCert = certificate("CN=stranger,O=Elsewhere");
  }

  private static X509Certificate certificate(String subject) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair keys = g.generateKeyPair();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=Test Client CA"),
            BigInteger.valueOf(42),
            Date.from(NOT_BEFORE),
            Date.from(NOT_AFTER),
            // Through the JDK, so the name is encoded most significant part first, as CAs do.
            X500Name.getInstance(new X500Principal(subject).getEncoded()),
            keys.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private AuthOutcome authenticate(X509Certificate... chain) {
    return authenticator.authenticate(new Credentials(null, List.of(chain), "10.0.0.7", false));
  }

  @Test
  void mappedSubjectAuthenticatesItsPrincipalByClientCertificate() {
    assertThat(authenticate(scannerCert))
        .isEqualTo(
            new AuthOutcome.Authenticated(SCANNER.withMethod(AuthMethod.CLIENT_CERTIFICATE)));
  }

  @Test
  void onlyTheLeafCounts() {
    assertThat(authenticate(strangerCert, scannerCert))
        .isInstanceOf(AuthOutcome.NotApplicable.class);
  }

  @Test
  void unmappedCertificateLeavesTheDecisionToOthers() {
    assertThat(authenticate(strangerCert)).isInstanceOf(AuthOutcome.NotApplicable.class);
  }

  @Test
  void noCertificateIsNotItsBusiness() {
    assertThat(authenticate()).isInstanceOf(AuthOutcome.NotApplicable.class);
  }

  @Test
  void expiredCertificateIsRejectedEvenOnALiveConnection() {
    clock.set(NOT_AFTER.plusSeconds(1));

    assertThat(authenticate(scannerCert))
        .isEqualTo(new AuthOutcome.Rejected("client certificate expired", "scanner-1"));
  }

  @Test
  void certificateNotYetValidIsRejected() {
    clock.set(NOT_BEFORE.minusSeconds(1));

    assertThat(authenticate(scannerCert))
        .isEqualTo(new AuthOutcome.Rejected("client certificate not yet valid", "scanner-1"));
  }

  @Test
  void subjectsAreNormalisedToTheFormLookedUp() {
    assertThat(ClientCertificateAuthenticator.normalizeSubject("CN=scanner-1, O=St Marys, C=GB"))
        .isEqualTo(SUBJECT);
    assertThatThrownBy(() -> ClientCertificateAuthenticator.normalizeSubject("not a DN"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
