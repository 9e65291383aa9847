package io.medulla.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests: a CA, a server certificate for {@code localhost} and {@code
 * 127.0.0.1}, and a client certificate, written as PEM files into a folder, plus the JDK TLS
 * contexts a client needs to trust the CA and to present the client certificate.
 *
 * <p>Certificates are valid from 2020 to 2100 so that no test depends on the clock; serial numbers
 * count up from 1 in the order certificates are issued.
 */
public final class TestCertificates {
  /** The client certificate's common name. */
  public static final String CLIENT_COMMON_NAME = "alice";

  private static final String CLIENT_SUBJECT = "CN=" + CLIENT_COMMON_NAME + ",O=st-marys";

  private static final Date NOT_BEFORE = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
  private static final Date NOT_AFTER = Date.from(Instant.parse("2100-01-01T00:00:00Z"));

  private final Path dir;
  private final AtomicLong serials = new AtomicLong();
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final KeyPair clientKeys;
  private final X509Certificate client;
  private X509Certificate server;

  private TestCertificates(Path dir) throws GeneralSecurityException, IOException {
    this.dir = dir;
    this.caKeys = ecKeys();
    this.ca =
        issue(
            new X500Name("CN=Medulla Test CA"),
            caKeys,
            new X500Name("CN=Medulla Test CA"),
            caKeys,
            Role.CA);
    this.clientKeys = ecKeys();
    this.client = issue(new X500Name(CLIENT_SUBJECT), clientKeys, caName(), caKeys, Role.CLIENT);
    writePem(caPem(), "CERTIFICATE", ca.getEncoded());
    writePem(clientCertPem(), "CERTIFICATE", client.getEncoded());
    writePem(clientKeyPem(), "PRIVATE KEY", clientKeys.getPrivate().getEncoded());
    this.server = issueServer(ecKeys());
  }

  /**
   * Creates a CA, an EC server certificate and a client certificate as PEM files in {@code dir}.
   */
  public static TestCertificates create(Path dir) {
    try {
      return new TestCertificates(dir);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create test certificates", e);
    }
  }

  /** Returns the CA certificate's PEM file. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** Returns the server certificate chain's PEM file (server certificate, then the CA). */
  public Path serverCertPem() {
    return dir.resolve("server.pem");
  }

  /** Returns the server's PKCS#8 private key PEM file. */
  public Path serverKeyPem() {
    return dir.resolve("server.key");
  }

  /** Returns the client certificate's PEM file. */
  public Path clientCertPem() {
    return dir.resolve("client.pem");
  }

  /** Returns the client's PKCS#8 private key PEM file. */
  public Path clientKeyPem() {
    return dir.resolve("client.key");
  }

  /** Returns the CA certificate. */
  public X509Certificate ca() {
    return ca;
  }

  /** Returns the server certificate the files hold now. */
  public X509Certificate serverCertificate() {
    return server;
  }

  /** Returns the client certificate. */
  public X509Certificate clientCertificate() {
    return client;
  }

  /** Returns TLS settings for the server files, without client certificates. */
  public TlsSettings tlsSettings() {
    return TlsSettings.of(serverCertPem(), serverKeyPem());
  }

  /** Returns TLS settings for the server files that ask for client certificates. */
  public TlsSettings mutualTlsSettings(TlsSettings.ClientAuth clientAuth) {
    return tlsSettings().withClientCa(caPem(), clientAuth);
  }

  /** Issues a new EC server certificate (a new serial) and overwrites the server's files. */
  public X509Certificate rotateServerCertificate() {
    return rotate(ecKeys());
  }

  /** Issues a new RSA server certificate and overwrites the server's files. */
  public X509Certificate rotateToRsaServerCertificate() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return rotate(rsa.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a client TLS context that trusts the CA and presents no certificate. */
  public SSLContext clientContext() {
    return context(false);
  }

  /** Returns a client TLS context that trusts the CA and presents the client certificate. */
  public SSLContext clientContextWithCertificate() {
    return context(true);
  }

  private X509Certificate rotate(KeyPair keys) {
    try {
      server = issueServer(keys);
      return server;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issueServer(KeyPair keys) throws GeneralSecurityException, IOException {
    X509Certificate cert = issue(name("CN=localhost"), keys, caName(), caKeys, Role.SERVER);
    // The key first, then the chain: a reload between the two writes sees a mismatch and waits.
    writePem(serverKeyPem(), "PRIVATE KEY", keys.getPrivate().getEncoded());
    Files.writeString(
        serverCertPem(),
        pem("CERTIFICATE", cert.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()),
        StandardCharsets.US_ASCII);
    return cert;
  }

  private SSLContext context(boolean withCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      char[] password = "test".toCharArray();
      if (withCertificate) {
        identity.setKeyEntry(
            "client", clientKeys.getPrivate(), password, new X509Certificate[] {client, ca});
      }
      kmf.init(identity, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private enum Role {
    CA,
    SERVER,
    CLIENT
  }

  private X500Name caName() {
    return X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
  }

  private static X500Name name(String dn) {
    return new X500Name(dn);
  }

  private X509Certificate issue(
      X500Name subject, KeyPair keys, X500Name issuer, KeyPair issuerKeys, Role role)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(serials.incrementAndGet()),
            NOT_BEFORE,
            NOT_AFTER,
            subject,
            keys.getPublic());
    switch (role) {
      case CA -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      case SERVER -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      }
      case CLIENT -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      }
    }
    try {
      String algorithm =
          issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      return ec.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code der} as one PEM block of {@code type}. */
  static void writePem(Path file, String type, byte[] der) throws IOException {
    Files.writeString(file, pem(type, der), StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN "
        + type
        + "-----\n"
        + base64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
