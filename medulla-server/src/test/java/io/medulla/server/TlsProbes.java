package io.medulla.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Low-level TLS clients for tests: hand-written ClientHellos (to offer what the JDK client refuses
 * to offer, such as TLS 1.1), and JDK sockets restricted to chosen versions and suites.
 */
final class TlsProbes {
  /** The TLS record type of an alert. */
  static final int ALERT = 0x15;

  /** The TLS record type of a handshake message, such as a ServerHello. */
  static final int HANDSHAKE = 0x16;

  /** TLS 1.1's protocol version. */
  static final int TLS_1_1 = 0x0302;

  /** TLS 1.2's protocol version. */
  static final int TLS_1_2 = 0x0303;

  private TlsProbes() {}

  /**
   * Sends a ClientHello offering only {@code version} and {@code cipherSuites}, and returns the
   * record type the server answers with ({@link #ALERT}, {@link #HANDSHAKE}), or -1 if it closes.
   */
  static int answerTo(int port, int version, int... cipherSuites) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(clientHello(version, cipherSuites));
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read();
    }
  }

  /** Opens a JDK TLS connection to localhost restricted to {@code protocols} and {@code suites}. */
  static SSLSocket connect(SSLContext context, int port, String[] protocols, String... suites)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
    socket.setSoTimeout(20_000);
    socket.setEnabledProtocols(protocols);
    if (suites.length > 0) {
      socket.setEnabledCipherSuites(suites);
    }
    socket.startHandshake();
    return socket;
  }

  /** Returns the serial number of the certificate the server presents to a new handshake. */
  static BigInteger serverSerial(SSLContext context, int port) throws IOException {
    try (SSLSocket socket = connect(context, port, new String[] {"TLSv1.3", "TLSv1.2"})) {
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static byte[] clientHello(int version, int... cipherSuites) throws IOException {
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    DataOutputStream ext = new DataOutputStream(extensions);
    // supported_groups: secp256r1, x25519
    ext.writeShort(0x000a);
    ext.writeShort(6);
    ext.writeShort(4);
    ext.writeShort(0x0017);
    ext.writeShort(0x001d);
    // ec_point_formats: uncompressed
    ext.writeShort(0x000b);
    ext.writeShort(2);
    ext.writeByte(1);
    ext.writeByte(0);
    // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    ext.writeShort(0x000d);
    ext.writeShort(8);
    ext.writeShort(6);
    ext.writeShort(0x0403);
    ext.writeShort(0x0804);
    ext.writeShort(0x0401);

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream hello = new DataOutputStream(body);
    hello.writeShort(version);
    hello.write(new byte[32]); // client random: its value does not matter to the server's choice
    hello.writeByte(0); // no session id
    hello.writeShort(2 * cipherSuites.length);
    for (int suite : cipherSuites) {
      hello.writeShort(suite);
    }
    hello.writeByte(1); // one compression method: null
    hello.writeByte(0);
    hello.writeShort(extensions.size());
    hello.write(extensions.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    DataOutputStream r = new DataOutputStream(record);
    r.writeByte(HANDSHAKE);
    r.writeShort(0x0301); // record version: what ClientHellos use for compatibility
    r.writeShort(4 + body.size());
    r.writeByte(1); // handshake type: client_hello
    r.writeByte(0);
    r.writeShort(body.size());
    r.write(body.toByteArray());
    return record.toByteArray();
  }
}
