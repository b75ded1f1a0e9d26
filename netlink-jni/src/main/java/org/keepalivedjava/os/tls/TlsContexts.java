package org.keepalivedjava.os.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} of SSL_GET checkers. Build once per configuration (it is costly) and share it.
 *
 * <p>Verification: keepalived (check_ssl.c) loads the {@code ca} file but never asks OpenSSL to verify the
 * peer, so any certificate is accepted; {@link #forChecks(Path, Path, Path, String, boolean)} with
 * {@code verifyPeer=false} keeps that behaviour, {@code true} verifies the chain against the CA file (not the
 * host name: a real server is addressed by IP).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** No client certificate, every server certificate accepted (keepalived's default SSL context). */
    public static SSLContext noVerification() {
        return build(null, new TrustManager[] {new TrustEverything()});
    }

    /**
     * keepalived's SSL block.
     *
     * @param caFile     PEM CA certificates ({@code ca}), or null; required when {@code verifyPeer}
     * @param certFile   PEM client certificate chain ({@code certificate}), or null
     * @param keyFile    PEM PKCS#8 private key ({@code key}; "BEGIN PRIVATE KEY" or, with {@code password},
     *                   "BEGIN ENCRYPTED PRIVATE KEY"), or null; required with {@code certFile}
     * @param password   the key's password ({@code password}), or null
     * @param verifyPeer verify the server's chain against {@code caFile}
     * @throws IOException with a message naming the file and the problem
     */
    public static SSLContext forChecks(Path caFile, Path certFile, Path keyFile, String password, boolean verifyPeer)
            throws IOException {
        KeyManager[] keyManagers = null;
        if (certFile != null || keyFile != null) {
            if (certFile == null || keyFile == null) {
                throw new IOException("SSL: a client certificate needs both 'certificate' and 'key'");
            }
            keyManagers = clientKeyManagers(certFile, keyFile, password);
        }
        TrustManager[] trustManagers;
        if (verifyPeer) {
            if (caFile == null) {
                throw new IOException("SSL: verifying the server needs a 'ca' file");
            }
            trustManagers = caTrustManagers(caFile);
        } else {
            if (caFile != null) {
                readCertificates(caFile); // a broken ca file is still reported, as keepalived does at start
            }
            trustManagers = new TrustManager[] {new TrustEverything()};
        }
        return build(keyManagers, trustManagers);
    }

    private static SSLContext build(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable TLS implementation: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] caTrustManagers(Path caFile) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : readCertificates(caFile)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("SSL: cannot use CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] clientKeyManagers(Path certFile, Path keyFile, String password) throws IOException {
        List<Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPkcs8Key(keyFile, password);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            char[] storePassword = new char[0];
            store.setKeyEntry("client", key, storePassword, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, storePassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("SSL: cannot use certificate " + certFile + " with key " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** All certificates of a PEM (or DER) file; at least one. */
    static List<Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("SSL: no certificate in " + file);
            }
            return new ArrayList<>(certs);
        } catch (GeneralSecurityException e) {
            throw new IOException("SSL: cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 PEM private key, RSA or EC, optionally encrypted (PBES2). PKCS#1 "RSA PRIVATE KEY" is refused. */
    static PrivateKey readPkcs8Key(Path file, String password) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            PKCS8EncodedKeySpec spec;
            if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
                spec = new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY"));
            } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
                if (password == null) {
                    throw new IOException("SSL: key " + file + " is encrypted and no password is configured");
                }
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pemBody(pem, "ENCRYPTED PRIVATE KEY"));
                SecretKeyFactory pbe = SecretKeyFactory.getInstance(info.getAlgName());
                Cipher cipher = Cipher.getInstance(info.getAlgName());
                cipher.init(Cipher.DECRYPT_MODE, pbe.generateSecret(new PBEKeySpec(password.toCharArray())),
                        info.getAlgParameters());
                spec = info.getKeySpec(cipher);
            } else {
                throw new IOException("SSL: key " + file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it"
                        + " with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
            }
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException notThisOne) {
                    // try the next key type
                }
            }
            throw new IOException("SSL: key " + file + " is neither RSA, EC nor Ed25519");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("SSL: cannot read key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin) + begin.length();
        int to = pem.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("no '" + end + "' line");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from, to));
    }

    /**
     * Accepts every server certificate. An {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain
     * X509TrustManager in one that adds its own checks.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
