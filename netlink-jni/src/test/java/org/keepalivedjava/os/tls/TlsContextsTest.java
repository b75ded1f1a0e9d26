package org.keepalivedjava.os.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's SSL block (ca, certificate, key, password) read from files made at test time. */
class TlsContextsTest {
    @TempDir
    static Path dir;
    static Path certPem;
    static Path keyPem;

    @BeforeAll
    static void makeFiles() throws Exception {
        Path p12 = dir.resolve("client.p12");
        certPem = dir.resolve("client.pem");
        keyPem = dir.resolve("client.key");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        TlsSocketTest.run(keytool, "-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=client", "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", "changeit");
        TlsSocketTest.run(keytool, "-exportcert", "-rfc", "-alias", "c", "-keystore", p12.toString(),
                "-storepass", "changeit", "-file", certPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("c", "changeit".toCharArray());
        // Key.getEncoded() of a private key is PKCS#8: exactly what "BEGIN PRIVATE KEY" holds.
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void readsAPemCertificateAndPkcs8Key() throws Exception {
        assertEquals("EC", TlsContexts.readPkcs8Key(keyPem, null).getAlgorithm());
        assertEquals(1, TlsContexts.readCertificates(certPem).size());
        assertNotNull(TlsContexts.forChecks(certPem, certPem, keyPem, null, false));
        assertNotNull(TlsContexts.forChecks(certPem, certPem, keyPem, null, true));
    }

    @Test
    void problemsAreNamedWithTheirFile() throws Exception {
        Path pkcs1 = dir.resolve("rsa.key");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> TlsContexts.forChecks(null, certPem, pkcs1, null, false));
        assertTrue(e.getMessage().contains("is not a PKCS#8 PEM key") && e.getMessage().contains(pkcs1.toString()),
                e.getMessage());
        e = assertThrows(IOException.class, () -> TlsContexts.forChecks(null, certPem, null, null, false));
        assertEquals("SSL: a client certificate needs both 'certificate' and 'key'", e.getMessage());
        e = assertThrows(IOException.class, () -> TlsContexts.forChecks(null, null, null, null, true));
        assertEquals("SSL: verifying the server needs a 'ca' file", e.getMessage());
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        e = assertThrows(IOException.class, () -> TlsContexts.forChecks(empty, null, null, null, false));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }
}
